package shopsync.sink.delivery;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Masking;
import shopsync.events.SyncRequest;

/**
 * Hands what is ready to the delivery threads. Kinds the CRM takes in batches go as batches of what is ready when
 * a sender is free, at most one batch per thread: with no backlog that is one request at a time, at once; with a
 * backlog (or a rate limit holding the senders) the batches fill up. During an outage one batch at a time probes the
 * CRM: the others would only fail as well, and when the CRM answers again (and everything waiting is released at
 * once) part-full probes sent side by side would take places in its rate limit that full batches could have had.
 * Each thread reports its attempts back; the queues themselves are only touched on the worker's thread.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Delivery delivery;
    private final DeliveryQueues queues;
    private final int threads;
    private final ExecutorService pool;
    private final AtomicInteger batchesInFlight = new AtomicInteger();
    private final Consumer<List<Completion>> report;
    private final BooleanSupplier outage;

    /** @param outage whether the CRM is down (see {@link Completions#outage}) */
    Dispatcher(Delivery delivery, DeliveryQueues queues, int threads, Consumer<List<Completion>> report, BooleanSupplier outage) {
        this.delivery = delivery;
        this.queues = queues;
        this.threads = threads;
        this.report = report;
        this.outage = outage;
        this.pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "shopsync-deliver-" + delivery.target().name()));
    }

    /** Sends what is ready (on the worker's thread). */
    void dispatch() {
        Map<SyncRequest.Kind, List<DeliveryQueues.Dispatch>> batchable = new EnumMap<>(SyncRequest.Kind.class);
        for (DeliveryQueues.Dispatch d : queues.ready()) {
            SyncRequest.Kind kind = d.pending().request().kind();
            if (delivery.batchLimit(kind) > 1) batchable.computeIfAbsent(kind, k -> new ArrayList<>()).add(d);
            else pool.execute(() -> send(List.of(d), () -> delivery.deliverAll(List.of(d.pending().request()))));
        }
        int senders = outage.getAsBoolean() ? 1 : threads;
        batchable.forEach((kind, ready) -> {
            for (List<DeliveryQueues.Dispatch> batch : batches(ready, delivery.batchLimit(kind))) {
                if (batchesInFlight.get() >= senders) {
                    batch.forEach(d -> queues.putBack(d.key()));
                    continue;
                }
                batchesInFlight.incrementAndGet();
                List<SyncRequest> requests = batch.stream().map(d -> d.pending().request()).toList();
                pool.execute(() -> {
                    try {
                        send(batch, () -> delivery.deliverAll(requests));
                    } finally {
                        batchesInFlight.decrementAndGet();
                    }
                });
            }
        });
    }

    /** Splits dispatches into batches of at most {@code limit} distinct entities (orders of one customer share one). */
    static List<List<DeliveryQueues.Dispatch>> batches(List<DeliveryQueues.Dispatch> ready, int limit) {
        List<List<DeliveryQueues.Dispatch>> out = new ArrayList<>();
        List<DeliveryQueues.Dispatch> current = new ArrayList<>();
        Set<String> entities = new HashSet<>();
        for (DeliveryQueues.Dispatch d : ready) {
            String entity = d.pending().request().entityId();
            if (!entities.contains(entity) && entities.size() == limit) {
                out.add(current);
                current = new ArrayList<>();
                entities = new HashSet<>();
            }
            entities.add(entity);
            current.add(d);
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    /** Runs one call for {@code batch} (on a delivery thread) and reports each request's attempt to the worker. */
    private void send(List<DeliveryQueues.Dispatch> batch, Supplier<List<Delivery.Attempt>> call) {
        String target = delivery.target().name();
        List<Completion> done = new ArrayList<>();
        try {
            List<Delivery.Attempt> attempts = call.get();
            // Orders of one customer share its upsert: when that one request fails, every order behind it fails alike.
            String sharedFailure = attempts.get(0).outcome() == null ? attempts.get(0).retryReason() : null;
            boolean failedAlike = batch.size() > 1 && sharedFailure != null
                    && attempts.stream().allMatch(a -> a.outcome() == null && sharedFailure.equals(a.retryReason()));
            if (failedAlike) warnOnce(batch, sharedFailure);
            for (int i = 0; i < batch.size(); i++) {
                done.add(new Completion(batch.get(i).key(), attempts.get(i).outcome(), attempts.get(i).retryReason(), failedAlike, false));
            }
        } catch (Delivery.TransientFailure e) {
            if (batch.size() > 1) warnOnce(batch, e.getMessage());
            batch.forEach(d -> done.add(new Completion(d.key(), null, e.getMessage(), batch.size() > 1, e.rateLimited())));
        } catch (RuntimeException e) {
            SyncRequest first = batch.get(0).pending().request();
            log.error("{} {} {}{}: unexpected failure, will retry", target, first.kind(), first.entityId(),
                    batch.size() > 1 ? " and " + (batch.size() - 1) + " more" : "", e);
            batch.forEach(d -> done.add(new Completion(d.key(), null, e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
        report.accept(done);
    }

    /** One line for a batch that failed as a whole, instead of one per request. */
    private void warnOnce(List<DeliveryQueues.Dispatch> batch, String reason) {
        SyncRequest first = batch.get(0).pending().request();
        log.warn("{} {} {} and {} more not delivered ({}), will retry", delivery.target().name(), first.kind(), first.entityId(),
                batch.size() - 1, Masking.mask(reason));
    }

    /** Lets the calls under way finish (for a while), so that their outcomes can still be recorded. */
    void shutdown() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
