package shopsync.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.serialization.Serdes;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.app.runtime.ShopsyncRuntime.Role;
import shopsync.events.SyncRequest;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.testkit.RetailCrmEmulator;

/**
 * {@code shopsync bench}: measurements on the testkit (private MariaDB, embedded broker, RetailCRM emulator), all
 * on this machine. Each scenario prints one result line; {@code docs/benchmarks.md} records them.
 */
public final class Benchmark {
    /** System property: the classpath of {@code shopsync run} (the app jar and its runtime dependencies). */
    public static final String APP_CLASSPATH = "shopsync.app.classpath";
    private static final int WARM_UP_ORDERS = 2_000;
    private final PrintStream out;

    public Benchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * Raw capture and end to end: {@code orders} orders (3 items each) are written while shopsync is stopped,
     * then it starts and catches up. Capture rate = row events/s into Kafka; end to end = orders/s into the CRM.
     * Both are measured after {@value #WARM_UP_ORDERS} orders went the same way (JIT compilation is not measured).
     */
    public void throughput(int orders) throws Exception {
        double captureOrdersPerSecond;
        try (BenchRig rig = new BenchRig(100_000)) {
            try (ShopsyncRuntime warm = ShopsyncRuntime.start(rig.config(10_000), EnumSet.of(Role.CONNECTOR))) {
                // The initial snapshot is done once an order comes through as a binlog event, not a snapshot read.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!warm.capture().streaming()) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("the capture did not start streaming");
                    rig.write(1);
                    LockSupport.parkNanos(500_000_000L);
                }
                long before = warm.capture().forwarded();
                rig.write(WARM_UP_ORDERS);
                BenchRig.waitFor(() -> warm.capture().forwarded() >= before + 7L * WARM_UP_ORDERS, Duration.ofMinutes(5));
            }
            out.printf("writing %d orders (3 items each) the miniShop2 way while shopsync is stopped…%n", orders);
            out.printf("shop writes: %.0f orders/s (two connections)%n", rig.write(orders));
            long events = 7L * orders;
            long t0 = System.nanoTime(); // the restarted connector resumes after the warm-up's events
            try (ShopsyncRuntime capture = ShopsyncRuntime.start(rig.config(10_000), EnumSet.of(Role.CONNECTOR))) {
                BenchRig.waitFor(() -> capture.capture().forwarded() >= events, Duration.ofMinutes(20));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            captureOrdersPerSecond = orders / seconds;
            out.printf("capture (binlog → Kafka, acknowledged): %d row events in %.1f s = %.0f events/s (%.0f orders/s)%n", events, seconds,
                    events / seconds, captureOrdersPerSecond);
        }
        try (BenchRig rig = new BenchRig(100_000)) {
            try (ShopsyncRuntime warm = ShopsyncRuntime.start(rig.config(10_000))) {
                rig.write(WARM_UP_ORDERS);
                BenchRig.waitFor(() -> rig.crm.orderCount("shop") == WARM_UP_ORDERS, Duration.ofMinutes(5));
            }
            rig.write(orders);
            long t0 = System.nanoTime();
            long startMs = System.currentTimeMillis();
            long readyMs;
            // The row events' values are not read: parsing 50,000 of them took the bench a second of CPU that the roles
            // it measures would otherwise have had.
            Topic<String, byte[]> cdcOrders = new Topic<>(Topics.CDC_ORDERS.name(), Serdes.String(), Serdes.ByteArray(), false);
            try (Arrivals<byte[]> captured = new Arrivals<>(rig.kafka.bootstrapServers(), cdcOrders, (key, row) -> key);
                 Arrivals<SyncRequest> requested = new Arrivals<>(rig.kafka.bootstrapServers(), Topics.RETAILCRM.syncTopic(),
                         (key, r) -> r.kind() == SyncRequest.Kind.ORDER_CREATE ? r.entityId() : null);
                 ShopsyncRuntime all = ShopsyncRuntime.start(rig.config(10_000))) {
                readyMs = (System.nanoTime() - t0) / 1_000_000;
                BenchRig.waitFor(() -> rig.crm.orderCount("shop") >= orders + WARM_UP_ORDERS, Duration.ofMinutes(30));
                double seconds = (System.nanoTime() - t0) / 1e9;
                out.printf("end to end (all roles, unthrottled CRM): %d orders in %.1f s = %.0f orders/s, %.0f%% of the capture rate%n",
                        orders, seconds, orders / seconds, 100 * (orders / seconds) / captureOrdersPerSecond);
                out.printf("  last order captured after %.1f s, its request made after %.1f s, in the CRM after %.1f s%n",
                        (last(captured.firstSeen) - startMs) / 1e3, (last(requested.firstSeen) - startMs) / 1e3, seconds);
                out.printf("start to running: %d ms%n", readyMs);
            }
        }
    }

    /**
     * Steady {@code perSecond} orders for {@code seconds}: commit (status leaves 0) → CRM receives orders/create, after
     * {@code warmUpSeconds} at the same pace, unmeasured.
     */
    public void latency(int perSecond, int seconds, int warmUpSeconds) throws Exception {
        try (BenchRig rig = new BenchRig(100_000);
             ShopsyncRuntime shopsync = ShopsyncRuntime.start(rig.config(1_000))) {
            // Warm up (JIT, connections, the initial snapshot) at the same pace; not measured. After a start the JIT
            // compiler takes most of a core for about a minute (top -H): what that costs is measured with --warm-up 10.
            int warmUp = perSecond * warmUpSeconds;
            rig.writePaced(warmUp, perSecond, new HashMap<>());
            BenchRig.waitFor(() -> rig.crm.orderCount("shop") >= warmUp, Duration.ofSeconds(60 + warmUpSeconds));
            Map<String, Long> committed = new ConcurrentHashMap<>();
            int total = perSecond * seconds;
            Map<String, Long> crm = new HashMap<>();
            try (Arrivals<JsonNode> captured = new Arrivals<>(rig.kafka.bootstrapServers(), Topics.CDC_ORDERS,
                    (key, row) -> row.path("source").path("table").asText().endsWith("ms2_orders") && row.path("after").path("status").asInt() == 1
                            ? key : null);
                 Arrivals<SyncRequest> requested = new Arrivals<>(rig.kafka.bootstrapServers(), Topics.RETAILCRM.syncTopic(),
                         (key, r) -> r.kind() == SyncRequest.Kind.ORDER_CREATE ? r.entityId() : null)) {
                rig.writePaced(total, perSecond, committed);
                BenchRig.waitFor(() -> rig.crm.orderCount("shop") >= warmUp + total, Duration.ofMinutes(5));
                rig.crm.created("order").forEach(c -> crm.put(c.externalId(), c.atMs()));
                out.printf("latency at %d orders/s for %d s (%d orders), from the shop's commit:%n", perSecond, seconds, committed.size());
                out.println("  captured (row in shop.cdc.orders)      " + percentiles(committed, captured.firstSeen));
                out.println("  processed (request in sync.retailcrm)  " + percentiles(committed, requested.firstSeen));
                out.println("  in the CRM (emulator received it)      " + percentiles(committed, crm));
            }

            List<Long> back = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            // 500 one after the other: the p99 of 100 was the second-slowest webhook, and moved by 35 ms from run to run.
            List<String> ids = new ArrayList<>(committed.keySet()).subList(0, Math.min(500, committed.size()));
            for (String id : ids) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shopsync.sink().webhooks().port()
                        + "/webhooks/retailcrm/" + BenchRig.SECRET)).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("retailCRM_action=change_status&status=paid&order_id=" + id)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) throw new IllegalStateException("webhook answered " + r.statusCode());
                long orderId = Long.parseLong(id);
                BenchRig.waitFor(() -> rig.shop.status(orderId) == 2, Duration.ofSeconds(30));
                back.add((System.nanoTime() - t0) / 1_000_000);
            }
            Collections.sort(back);
            out.printf("webhook → shop row updated (%d orders, one at a time): p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n", back.size(),
                    pct(back, 50), pct(back, 95), pct(back, 99), back.get(back.size() - 1));
        }
    }

    /**
     * Backlog under the real limit: {@code orders} orders queue while the CRM is down; then it returns answering
     * 10 requests/s (503 beyond). Also: 10 status changes of one order during the outage.
     */
    public void drain(int orders) throws Exception {
        try (BenchRig rig = new BenchRig(10);
             ShopsyncRuntime shopsync = ShopsyncRuntime.start(rig.config(10))) {
            rig.write(1);
            BenchRig.waitFor(() -> rig.crm.orderCount("shop") == 1, Duration.ofSeconds(60));
            rig.crm.setDown(true);
            rig.write(1);
            long one = rig.lastOrder;
            for (int status : new int[] {2, 1, 2, 1, 2, 1, 2, 1, 2, 3}) rig.shop.changeStatus(one, status, 1); // UPDATE + log row each
            rig.write(orders - 1);
            long queuedOrders = orders;
            // The scenario: the backlog builds up in front of a CRM that stays down for a while.
            Thread.sleep(5_000);
            long t0 = System.nanoTime();
            int callsBefore = rig.crm.calls().size();
            long returnedAtMs = System.currentTimeMillis();
            rig.crm.setDown(false);
            BenchRig.waitFor(() -> rig.crm.orderCount("shop") >= queuedOrders + 1, Duration.ofMinutes(60));
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<RetailCrmEmulator.Call> calls = rig.crm.calls();
            List<RetailCrmEmulator.Call> drainCalls = calls.subList(callsBefore, calls.size());
            long limited = drainCalls.stream().filter(c -> c.status() == 503).count();
            // The sink learns of the return at its next retry: the wait for it, and the pace from then on.
            LongSummaryStatistics answers = drainCalls.stream().filter(c -> c.status() / 100 == 2).mapToLong(RetailCrmEmulator.Call::atMs)
                    .summaryStatistics();
            long firstAnswerMs = answers.getCount() == 0 ? returnedAtMs : answers.getMin();
            long requestsForOne = calls.stream().filter(c -> c.status() < 500 && c.path().startsWith("/api/v5/orders/")
                    && mentions(c, String.valueOf(one))).count();
            out.printf("backlog drain at 10 requests/s: %d orders in %.1f s = %.1f orders/s (%.1f%% of the 500 orders/s bound), "
                            + "%d requests, %d answered 503; the first retry came %d ms after the CRM's return, and from its answer to the "
                            + "last one %.1f requests/s; "
                            + "10 status changes of one order during the outage → %d accepted request(s) for it, status %s%n", queuedOrders, seconds,
                    queuedOrders / seconds, 100 * queuedOrders / seconds / 500, drainCalls.size(), limited, firstAnswerMs - returnedAtMs,
                    1000.0 * (answers.getCount() - 1) / Math.max(1, answers.getMax() - firstAnswerMs), requestsForOne,
                    rig.crm.order("shop", String.valueOf(one)).path("status").asText());
        }
    }

    private static long last(Map<String, Long> times) {
        return times.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** p50/p95/p99/max of {@code at − from} over the keys both have. */
    private static String percentiles(Map<String, Long> from, Map<String, Long> at) {
        List<Long> d = new ArrayList<>();
        from.forEach((k, t0) -> {
            Long t = at.get(k);
            if (t != null) d.add(t - t0);
        });
        if (d.isEmpty()) return "(none)";
        Collections.sort(d);
        return String.format("p50 %4d ms  p95 %4d ms  p99 %4d ms  max %4d ms  (%d orders)", pct(d, 50), pct(d, 95), pct(d, 99),
                d.get(d.size() - 1), d.size());
    }


    /** See {@link MemoryBenchmark#run}. */
    public void memory(int orders, String javaOptions) throws Exception {
        new MemoryBenchmark(out).run(orders, javaOptions);
    }

    /** See {@link MemoryBenchmark#start}. */
    public void start(String javaOptions) throws Exception {
        new MemoryBenchmark(out).start(javaOptions);
    }

    /** The request carries that order, alone or in an upload. */
    private static boolean mentions(RetailCrmEmulator.Call c, String externalId) {
        JsonNode one = c.json("order");
        if (one != null) return one.path("externalId").asText().equals(externalId);
        JsonNode many = c.json("orders");
        if (many == null) return false;
        for (JsonNode o : many) if (o.path("externalId").asText().equals(externalId)) return true;
        return false;
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }




    /** The ICML feed of a catalog of {@code offers} offers (see {@link FeedBenchmark}). */
    public void feed(int offers) throws Exception {
        new FeedBenchmark(out).run(offers);
    }
}
