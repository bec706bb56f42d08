package shopsync.demo.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shopsync.testkit.FrontpadEmulator;

/**
 * {@code shopsync bench --scenario memory|start}: the resident memory and the start time of {@code shopsync run} as its
 * own process, with RetailCRM and Frontpad enabled.
 */
final class MemoryBenchmark {
    private final PrintStream out;

    MemoryBenchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * While the shop takes {@code orders} orders (in chunks of 10,000, each let through before the next): the RSS, and
     * once they are all in both CRMs, where it goes as the JVM reports it.
     */
    void run(int orders, String javaOptions) throws Exception {
        try (BenchRig rig = new BenchRig(100_000);
             FrontpadEmulator frontpad = unlimitedFrontpad(rig);
             RunProcess run = new RunProcess(rig, frontpad, javaOptions)) {
            long healthyMs = run.startUntilHealthy();
            out.printf("shopsync run (%s): healthy %d ms after the process started%n", run.javaOptions(), healthyMs);
            int written = 0;
            while (written < orders) {
                int chunk = Math.min(10_000, orders - written);
                rig.write(chunk);
                written += chunk;
                int target = written;
                // A bounded backlog: each chunk is let through before the next.
                BenchRig.waitFor(() -> rig.crm.orderCount("shop") >= target - 2_000 && frontpad.orders().size() >= target - 2_000,
                        Duration.ofMinutes(30));
                out.printf("  %,d orders written, %,d in RetailCRM, %,d in Frontpad; RSS %d MiB%n", written, rig.crm.orderCount("shop"),
                        frontpad.orders().size(), status(run.pid(), "VmRSS") >> 10);
            }
            BenchRig.waitFor(() -> rig.crm.orderCount("shop") >= orders && frontpad.orders().size() >= orders, Duration.ofMinutes(30));
            out.println(breakdown(orders, run));
        }
    }

    /** Start to ready: a first start (empty data dir), then a restart on the data it left. */
    void start(String javaOptions) throws Exception {
        try (BenchRig rig = new BenchRig(100_000);
             FrontpadEmulator frontpad = unlimitedFrontpad(rig);
             RunProcess run = new RunProcess(rig, frontpad, javaOptions)) {
            long first = run.startUntilHealthy();
            rig.write(100);
            BenchRig.waitFor(() -> rig.crm.orderCount("shop") >= 100 && frontpad.orders().size() >= 100, Duration.ofMinutes(2));
            run.stop();
            long again = run.startUntilHealthy();
            out.printf("start to ready (/health 200) of shopsync run (%s): first start %d ms, restart on its data %d ms%n",
                    run.javaOptions(), first, again);
        }
    }

    private static FrontpadEmulator unlimitedFrontpad(BenchRig rig) {
        FrontpadEmulator frontpad = FrontpadEmulator.start("bench-fp-secret");
        frontpad.setLimits(1_000_000, 100_000, Duration.ofMinutes(1));
        for (int i = 0; i < rig.products.size(); i++) frontpad.addProduct("B-" + i, "Товар " + i, "100");
        return frontpad;
    }

    /**
     * The RSS (anonymous and file-backed) and its parts as the process reports them on {@code /metrics}: heap, metaspace
     * and class space, code cache, direct buffers, the shared RocksDB cache; the rest is what no counter names (thread
     * stacks, GC and JIT structures, the JVM's own native memory, malloc's overhead).
     */
    private String breakdown(int orders, RunProcess run) {
        String metrics = run.get("/metrics");
        long rss = status(run.pid(), "VmRSS");
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("heap (committed)", (long) metric(metrics, "jvm_memory_committed_bytes{area=\"heap\"") >> 10);
        parts.put("metaspace", (long) metric(metrics, "jvm_memory_committed_bytes{area=\"nonheap\",id=\"Metaspace\"") >> 10);
        parts.put("class space", (long) metric(metrics, "jvm_memory_committed_bytes{area=\"nonheap\",id=\"Compressed Class Space\"") >> 10);
        // One pool "CodeCache" below a 240 MiB code cache, "CodeHeap '…'" segments above.
        parts.put("code cache", (long) metric(metrics, "jvm_memory_committed_bytes{area=\"nonheap\",id=\"Code") >> 10);
        parts.put("direct buffers", (long) metric(metrics, "jvm_buffer_memory_used_bytes{id=\"direct\"") >> 10);
        parts.put("RocksDB", (long) metric(metrics, "shopsync_processor_rocksdb_bytes") >> 10);
        long named = parts.values().stream().mapToLong(Long::longValue).sum();
        parts.put("other (stacks of " + (long) metric(metrics, "jvm_threads_live_threads") + " threads, GC, JIT, JVM, malloc)",
                Math.max(0, rss - named));
        StringBuilder line = new StringBuilder(String.format("memory after %,d orders: RSS %d MiB (peak %d MiB; anonymous %d MiB, files %d MiB);"
                        + " heap used %d MiB", orders, rss >> 10, status(run.pid(), "VmHWM") >> 10, status(run.pid(), "RssAnon") >> 10,
                status(run.pid(), "RssFile") >> 10, (long) metric(metrics, "jvm_memory_used_bytes{area=\"heap\"") >> 20));
        for (String part : List.copyOf(parts.keySet())) {
            long kib = parts.get(part);
            line.append(String.format("%n  %-60s %4d MiB  %3.0f%%", part, kib >> 10, 100.0 * kib / rss));
        }
        return line.toString();
    }

    /** Sum of a Prometheus metric's samples whose line starts with {@code prefix} (all memory pools of an area). */
    private static double metric(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** A line of /proc/{pid}/status, in KiB (0 when absent). */
    private static long status(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field + ":"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        } catch (Exception e) {
            return 0;
        }
    }
}
