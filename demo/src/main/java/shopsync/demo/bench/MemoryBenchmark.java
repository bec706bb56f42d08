package shopsync.demo.bench;

import java.io.PrintStream;
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
import shopsync.testkit.PrivateMariaDb;

/** {@code shopsync bench --scenario memory}: the resident memory of {@code shopsync run} as its own process. */
final class MemoryBenchmark {
    private final PrintStream out;

    MemoryBenchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * {@code shopsync run} as its own process (embedded broker included, JVM options {@code javaOptions}) while the
     * shop takes {@code orders} orders: its resident memory (RSS) and heap once they are all in the CRM. The process
     * runs on the application's own runtime classpath ({@value Benchmark#APP_CLASSPATH}, set by {@code ./shopsync bench}), not
     * this module's, which also carries the test kit.
     */
    void run(int orders, String javaOptions) throws Exception {
        String appClasspath = System.getProperty(Benchmark.APP_CLASSPATH);
        if (appClasspath == null || appClasspath.isBlank()) {
            throw new IllegalStateException("the memory scenario needs -D" + Benchmark.APP_CLASSPATH + "=<app jar>:<app/target/lib/*>; "
                    + "./shopsync bench sets it");
        }
        try (BenchRig rig = new BenchRig(100_000)) {
            int opsPort;
            try (ServerSocket s = new ServerSocket(0)) {
                opsPort = s.getLocalPort();
            }
            Path config = rig.home.resolve("shopsync.yml");
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
                    """.formatted(rig.db.host(), rig.db.port(), PrivateMariaDb.DATABASE, PrivateMariaDb.CDC_USER,
                    PrivateMariaDb.CDC_PASSWORD, rig.home.resolve("kafka"), rig.home.resolve("streams"), opsPort, rig.crm.url()));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            if (!javaOptions.isBlank()) cmd.addAll(List.of(javaOptions.trim().split("\\s+")));
            cmd.addAll(List.of("-cp", appClasspath, "shopsync.app.Main", "run", "--config", config.toString()));
            Path log = rig.home.resolve("shopsync-run.log");
            Process run = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long t0 = System.nanoTime();
                HttpClient http = HttpClient.newHttpClient();
                BenchRig.waitFor(() -> get(http, opsPort, "/health").startsWith("200"), Duration.ofSeconds(60));
                out.printf("shopsync run (%s): healthy %d ms after the process started%n", javaOptions.isBlank() ? "JVM defaults" : javaOptions,
                        (System.nanoTime() - t0) / 1_000_000);
                int written = 0;
                while (written < orders) {
                    int chunk = Math.min(10_000, orders - written);
                    rig.write(chunk);
                    written += chunk;
                    int target = written;
                    BenchRig.waitFor(() -> rig.crm.orderCount("shop") >= target - 2_000, Duration.ofMinutes(30)); // a bounded backlog
                    out.printf("  %,d orders written, %,d in the CRM; RSS %s%n", written, rig.crm.orderCount("shop"), rss(run.pid()));
                }
                BenchRig.waitFor(() -> rig.crm.orderCount("shop") >= orders, Duration.ofMinutes(30));
                String metrics = get(http, opsPort, "/metrics");
                out.printf("memory after %,d orders: RSS %s (peak %s); heap used %d MiB of %d MiB committed; non-heap %d MiB%n", orders,
                        rss(run.pid()), status(run.pid(), "VmHWM"), metric(metrics, "jvm_memory_used_bytes{area=\"heap\"") >> 20,
                        metric(metrics, "jvm_memory_committed_bytes{area=\"heap\"") >> 20,
                        metric(metrics, "jvm_memory_used_bytes{area=\"nonheap\"") >> 20);
            } finally {
                run.destroy();
                if (!run.waitFor(30, TimeUnit.SECONDS)) run.destroyForcibly();
            }
        }
    }

    private static String get(HttpClient http, int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return "down";
        }
    }

    /** Sum of a Prometheus metric's samples whose line starts with {@code prefix} (all memory pools of an area). */
    private static long metric(String scrape, String prefix) {
        return (long) scrape.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String rss(long pid) {
        return status(pid, "VmRSS");
    }

    /** A line of /proc/{pid}/status, in MiB. */
    private static String status(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field + ":"))
                    .map(l -> (Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10) + " MiB").findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
