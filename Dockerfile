# One image for every shopsync role: docker compose runs it as connector, processor and sink.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# Only the application and the modules it needs: the demo module (and the test kit it runs on) stay out of the image.
RUN mvn -B -q -DskipTests -pl app -am package

FROM eclipse-temurin:17-jre
WORKDIR /opt/shopsync
COPY --from=build /src/app/target/app-0.1.0-SNAPSHOT.jar lib/
COPY --from=build /src/app/target/lib/ lib/
# The memory bounds of ./shopsync (config/jvm.options, docs/operations.md): within 512 MiB with the embedded broker.
COPY config/jvm.options jvm.options
ENV MALLOC_ARENA_MAX=2
EXPOSE 8088 8089
ENTRYPOINT ["java", "@/opt/shopsync/jvm.options", "-cp", "/opt/shopsync/lib/*", "shopsync.app.Main"]
CMD ["run"]
