package shopsync.demo.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import shopsync.testkit.FrontpadEmulator;
import shopsync.testkit.PrivateMariaDb;

/**
 * {@code shopsync run} as its own process, as a user starts it: embedded broker (data under the rig's home, kept across
 * restarts), every role, RetailCRM and Frontpad enabled. It runs on the application's own runtime classpath
 * ({@value Benchmark#APP_CLASSPATH}, set by {@code ./shopsync bench}), not this module's, which also carries the test kit.
 */
final class RunProcess implements AutoCloseable {
    /** System property: the JVM options file of {@code shopsync run} ({@code config/jvm.options}, set by {@code ./shopsync}). */
    static final String JVM_OPTIONS = "shopsync.app.jvm-options";
    /** System property: the class data sharing archive {@code ./shopsync run} uses (set by {@code ./shopsync}). */
    static final String CDS_ARCHIVE = "shopsync.app.cds";

    private final List<String> command = new ArrayList<>();
    private Path cdsArchive;
    private final Path log;
    private final int opsPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    /** @param javaOptions JVM options; blank: the launcher's ({@value #JVM_OPTIONS}) */
    RunProcess(BenchRig rig, FrontpadEmulator frontpad, String javaOptions) throws IOException {
        String classpath = System.getProperty(Benchmark.APP_CLASSPATH);
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("this scenario needs -D" + Benchmark.APP_CLASSPATH + "=<app jar>:<app/target/lib/*>; "
                    + "./shopsync bench sets it");
        }
        try (ServerSocket s = new ServerSocket(0)) {
            opsPort = s.getLocalPort();
        }
        Path config = rig.home.resolve("shopsync.yml");
        // Frontpad's limits are lifted on both sides (see the caller), and only cancelled orders (which the bench never
        // makes) are polled: the point is the memory and start of a process with both targets, not Frontpad's pace.
        Files.writeString(config, """
                shop: {host: %s, port: %d, database: %s, user: %s, password: %s}
                kafka: {data-dir: %s, embedded-port: 0, instance-id: bench}
                processor: {state-dir: %s}
                ops: {port: %d}
                retailcrm:
                  url: %s
                  api-key: bench-key
                  site: shop
                  rate-limit: 10000
                  history: {enabled: false}
                  mapping:
                    statuses: {1: new, 2: paid, 3: send-to-delivery, 4: cancel-other}
                    deliveries: {1: self-delivery}
                    payments: {1: cash}
                frontpad:
                  enabled: true
                  url: %s
                  secret: bench-fp-secret
                  rate-limit: 10000
                  requests-per-minute: 1000000
                  payments: {1: 1}
                  points: {1: 1}
                  check-statuses: 4
                """.formatted(rig.db.host(), rig.db.port(), PrivateMariaDb.DATABASE, PrivateMariaDb.CDC_USER,
                PrivateMariaDb.CDC_PASSWORD, rig.home.resolve("kafka"), rig.home.resolve("streams"), opsPort, rig.crm.url(),
                frontpad.url()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (javaOptions.isBlank()) {
            String file = System.getProperty(JVM_OPTIONS);
            if (file == null || file.isBlank()) throw new IllegalStateException("no --java-options and no -D" + JVM_OPTIONS);
            command.add("@" + file);
            String cds = System.getProperty(CDS_ARCHIVE);
            cdsArchive = cds == null || cds.isBlank() ? null : Path.of(cds);
        } else {
            command.addAll(List.of(javaOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, "shopsync.app.Main", "run", "--config", config.toString()));
        log = rig.home.resolve("shopsync-run.log");
    }

    /** The JVM options as given to the process. */
    String javaOptions() {
        return String.join(" ", command.subList(1, command.indexOf("-cp")));
    }

    /** Starts the process and returns the milliseconds until {@code /health} answered 200. */
    long startUntilHealthy() throws IOException {
        long t0 = System.nanoTime();
        List<String> cmd = new ArrayList<>(command);
        if (cdsArchive != null) {
            // As ./shopsync run does: map the archived classes, or archive them at this run's normal exit.
            cmd.add(1, Files.exists(cdsArchive) ? "-XX:SharedArchiveFile=" + cdsArchive : "-XX:ArchiveClassesAtExit=" + cdsArchive);
        }
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // As ./shopsync and the image do (config/jvm.options says why); an explicit value in the environment wins.
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        process = builder.start();
        BenchRig.waitFor(() -> get("/health").startsWith("200"), Duration.ofSeconds(120));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** SIGTERM, as a supervisor stops it; waits for the exit. */
    void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        process = null;
    }

    long pid() {
        return process.pid();
    }

    /** Status and body of a GET on the ops port, or "down". */
    String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "down";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
