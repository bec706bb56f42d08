package shopsync.sink.delivery;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.TopicPartition;
import shopsync.events.RetryPolicy;
import shopsync.events.SyncRequest;

/**
 * The sink's bookkeeping, free of I/O so tests drive it with their own clock: one queue per entity key, at
 * most one request per key in flight (per-order order holds), a failing key retried later or parked while
 * every other key keeps flowing, pending changes of one key folded into one request (by the target's
 * {@link Delivery#merge}, which returns null for requests that must both be sent),
 * and, per partition, the offset that is safe to commit (below the oldest request without an outcome).
 */
public final class DeliveryQueues {
    /** A request with the topic offsets it stands for (several when coalesced). */
    public record Pending(SyncRequest request, List<Long> offsets, TopicPartition partition) {}

    /** What a finished key released: offsets to mark done, and for a dead letter the failure history. */
    public record Finished(Pending pending, int attempts, long firstFailureMs, String lastError, String lastResponse) {}

    public record Dispatch(String key, Pending pending) {}

    /** A key whose request failed and waits: the request, failed attempts in a row, when it goes next, whether parked. */
    public record Waiting(SyncRequest request, int attempts, long retryAtMs, boolean parked) {}

    private static final class KeyQueue {
        final Deque<Pending> waiting = new ArrayDeque<>();
        Pending inFlight;
        int attempts;
        long firstFailureMs;
        long retryAtMs;
        boolean parked;
        String lastError;
        String lastResponse;
    }

    private final Clock clock;
    private final RetryPolicy policy;
    private final RandomGenerator random;
    private final BinaryOperator<SyncRequest> merge;
    private final Map<String, KeyQueue> queues = new LinkedHashMap<>();
    private final Map<TopicPartition, TreeSet<Long>> unfinished = new HashMap<>();
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();

    /** @param merge folds two pending requests of one key into one, or returns null (see {@link Delivery#merge}) */
    public DeliveryQueues(Clock clock, RetryPolicy policy, RandomGenerator random, BinaryOperator<SyncRequest> merge) {
        this.clock = clock;
        this.policy = policy;
        this.random = random;
        this.merge = merge;
    }

    public void add(TopicPartition partition, long offset, String key, SyncRequest request) {
        unfinished.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        nextOffset.merge(partition, offset + 1, Math::max);
        queues.computeIfAbsent(key, k -> new KeyQueue()).waiting.addLast(new Pending(request, List.of(offset), partition));
    }

    /** Records with nothing to deliver (tombstones) are done at once. */
    public void skip(TopicPartition partition, long offset) {
        nextOffset.merge(partition, offset + 1, Math::max);
    }

    /** The keys whose next request may go now; each is marked in flight until its outcome is reported. */
    public List<Dispatch> ready() {
        long now = clock.millis();
        List<Dispatch> out = new ArrayList<>();
        for (Map.Entry<String, KeyQueue> e : queues.entrySet()) {
            KeyQueue q = e.getValue();
            if (q.inFlight != null || q.waiting.isEmpty() || q.retryAtMs > now) continue;
            Pending head = q.waiting.pollFirst();
            while (!q.waiting.isEmpty()) {
                SyncRequest merged = merge.apply(head.request(), q.waiting.peekFirst().request());
                if (merged == null) break;
                Pending next = q.waiting.pollFirst();
                List<Long> offsets = new ArrayList<>(head.offsets());
                offsets.addAll(next.offsets());
                head = new Pending(merged, offsets, head.partition());
            }
            q.inFlight = head;
            out.add(new Dispatch(e.getKey(), head));
        }
        return out;
    }

    /** The key's request was not sent after all (no sender was free): it waits at the head of its queue again. */
    public void putBack(String key) {
        KeyQueue q = queues.get(key);
        q.waiting.addFirst(q.inFlight);
        q.inFlight = null;
    }

    /**
     * The CRM answers again after an outage: every entity waiting out a backoff (or parked) may go now instead of
     * at its own retry time, so the backlog drains at once and in full batches. Returns how many were waiting.
     */
    public int retryNow() {
        long now = clock.millis();
        int n = 0;
        for (KeyQueue q : queues.values()) {
            if (q.inFlight == null && q.retryAtMs > now) {
                q.retryAtMs = 0;
                n++;
            }
        }
        return n;
    }

    /** The key's request has a final outcome (delivered or rejected): its offsets are done. */
    public Finished finished(String key) {
        KeyQueue q = queues.get(key);
        Finished f = new Finished(q.inFlight, q.attempts + 1, q.firstFailureMs, q.lastError, q.lastResponse);
        release(q.inFlight);
        q.inFlight = null;
        q.attempts = 0;
        q.firstFailureMs = 0;
        q.retryAtMs = 0;
        q.parked = false;
        q.lastError = null;
        q.lastResponse = null;
        if (q.waiting.isEmpty()) queues.remove(key);
        return f;
    }

    /**
     * The key's request failed transiently: it goes back to the head of its queue, to be retried or parked per
     * the policy. Returns the dead letter to record when the policy gives up, else null.
     */
    public Finished failed(String key, String error, String lastResponse) {
        return failed(key, error, lastResponse, false);
    }

    /**
     * Like {@link #failed(String, String, String)}; a request the CRM refused for its rate ({@code rateLimited}) may go
     * again at once, with the next batch, rather than after a backoff that an earlier outage may have grown to half a
     * minute: the rate gate (which the refusal has just slowed) decides when. Its attempts still count towards
     * parking and giving up.
     */
    public Finished failed(String key, String error, String lastResponse, boolean rateLimited) {
        KeyQueue q = queues.get(key);
        long now = clock.millis();
        q.attempts++;
        if (q.firstFailureMs == 0) q.firstFailureMs = now;
        q.lastError = error;
        q.lastResponse = lastResponse;
        RetryPolicy.Decision decision = policy.afterFailure(q.attempts, q.firstFailureMs, now, random);
        if (decision.action() == RetryPolicy.Action.GIVE_UP) {
            q.attempts--; // finished() counts the attempt in flight
            return finished(key);
        }
        q.waiting.addFirst(q.inFlight);
        q.inFlight = null;
        q.retryAtMs = decision.retryAtMs();
        q.parked = decision.action() == RetryPolicy.Action.PARK;
        if (rateLimited && !q.parked) q.retryAtMs = now;
        return null;
    }

    /** Where a key stands after {@link #failed} kept it (null when it is not waiting). */
    public Waiting waiting(String key) {
        KeyQueue q = queues.get(key);
        if (q == null || q.inFlight != null || q.waiting.isEmpty()) return null;
        return new Waiting(q.waiting.peekFirst().request(), q.attempts, q.retryAtMs, q.parked);
    }

    /** Per partition, the offset up to which every record has an outcome (what may be committed). */
    public Map<TopicPartition, Long> committable() {
        Map<TopicPartition, Long> out = new HashMap<>();
        nextOffset.forEach((tp, next) -> {
            TreeSet<Long> open = unfinished.get(tp);
            out.put(tp, open == null || open.isEmpty() ? next : open.first());
        });
        return out;
    }

    public boolean inFlight(Collection<TopicPartition> partitions) {
        return queues.values().stream().anyMatch(q -> q.inFlight != null && partitions.contains(q.inFlight.partition()));
    }

    /** Forgets partitions taken away by a rebalance; their unfinished records are re-read by the new owner. */
    public void drop(Collection<TopicPartition> partitions) {
        for (Iterator<KeyQueue> it = queues.values().iterator(); it.hasNext(); ) {
            KeyQueue q = it.next();
            q.waiting.removeIf(p -> partitions.contains(p.partition()));
            if (q.inFlight == null && q.waiting.isEmpty()) it.remove();
        }
        partitions.forEach(tp -> {
            unfinished.remove(tp);
            nextOffset.remove(tp);
        });
    }

    public int parkedKeys() {
        return (int) queues.values().stream().filter(q -> q.parked).count();
    }

    /** Up to {@code limit} parked keys, oldest first, each with the error that keeps it parked. */
    public Map<String, String> parked(int limit) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, KeyQueue> e : queues.entrySet()) {
            if (out.size() == limit) break;
            if (e.getValue().parked) out.put(e.getKey(), String.valueOf(e.getValue().lastError));
        }
        return out;
    }

    public int pendingRequests() {
        return queues.values().stream().mapToInt(q -> q.waiting.size() + (q.inFlight == null ? 0 : 1)).sum();
    }

    private void release(Pending p) {
        TreeSet<Long> open = unfinished.get(p.partition());
        if (open != null) p.offsets().forEach(open::remove);
    }
}
