package shopsync.app;

import java.nio.file.Files;
import java.nio.file.Path;
import shopsync.broker.EmbeddedKafka;
import shopsync.testkit.PrivateMariaDb;

/** The parts of a {@code shopsync.yml} that every end-to-end test writes the same way, for the test stack. */
final class TestConfig {
    private TestConfig() {}

    /** The private MariaDB, as the capture user. */
    static String shop(PrivateMariaDb db) {
        return "shop: {host: %s, port: %d, database: %s, user: %s, password: %s}\n".formatted(db.host(), db.port(),
                PrivateMariaDb.DATABASE, PrivateMariaDb.CDC_USER, PrivateMariaDb.CDC_PASSWORD);
    }

    /**
     * A broker the test started, the processor's state under {@code home} and the ops port on any free port.
     *
     * @param kafkaExtra more keys of the {@code kafka:} section ("" for none)
     */
    static String externalKafka(EmbeddedKafka kafka, Path home, String kafkaExtra) {
        return "kafka: {bootstrap-servers: \"%s\"%s}\nprocessor: {state-dir: %s}\nops: {port: 0}\n".formatted(kafka.bootstrapServers(),
                kafkaExtra.isEmpty() ? "" : ", " + kafkaExtra, home.resolve("streams"));
    }

    /** shopsync's own embedded broker (one partition), its data and the processor's state under {@code home}. */
    static String embeddedKafka(Path home) {
        return "kafka: {data-dir: %s, embedded-port: 0, partitions: 1}\nprocessor: {state-dir: %s}\nops: {port: 0}\n"
                .formatted(home.resolve("kafka"), home.resolve("streams"));
    }

    /** Writes the sections one after the other to {@code file}. */
    static Path write(Path file, String... sections) throws Exception {
        Files.writeString(file, String.join("", sections));
        return file;
    }
}
