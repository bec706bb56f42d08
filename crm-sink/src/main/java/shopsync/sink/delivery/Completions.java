package shopsync.sink.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Masking;
import shopsync.events.SyncKey;
import shopsync.events.Target;

/**
 * The way back from the delivery threads: they report here and wake the worker, which then applies each report
 * on its own thread: a final outcome is recorded and frees its key, a transient failure goes back to its queue
 * to be retried, parked or given up on.
 */
final class Completions {
    private static final Logger log = LoggerFactory.getLogger(Completions.class);
    /** Failures and no success for this long is an outage; the first success after it releases everything waiting. */
    private static final long RECOVERY_GAP_MS = 1_000;

    private final BlockingQueue<Completion> reported = new LinkedBlockingQueue<>();
    private final Target target;
    private final DeliveryQueues queues;
    private final OutcomeRecorder recorder;
    private final DeliveryTrail trail;
    private final SinkStats stats;
    private final Clock clock;
    private final Runnable wakeWorker;

    Completions(Target target, DeliveryQueues queues, OutcomeRecorder recorder, DeliveryTrail trail, SinkStats stats, Clock clock,
                Runnable wakeWorker) {
        this.target = target;
        this.queues = queues;
        this.recorder = recorder;
        this.trail = trail;
        this.stats = stats;
        this.clock = clock;
        this.wakeWorker = wakeWorker;
    }

    /** From a delivery thread. */
    void report(List<Completion> done) {
        reported.addAll(done);
        wakeWorker.run();
    }

    /** Applies every report that has arrived. */
    void drain() {
        Completion c;
        while ((c = reported.poll()) != null) handle(c);
    }

    /** Waits for and applies reports until nothing is in flight on {@code partitions}, for at most {@code limit}. */
    void drainInFlight(Collection<TopicPartition> partitions, Duration limit) {
        // A bounded wait, measured on the monotonic timer: an injected clock that stands still must not make it endless.
        long deadline = System.nanoTime() + limit.toNanos();
        while (queues.inFlight(partitions) && System.nanoTime() - deadline < 0) {
            try {
                Completion c = reported.poll(100, TimeUnit.MILLISECONDS);
                if (c != null) handle(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void handle(Completion c) {
        if (c.outcome() != null) {
            if (c.outcome().delivered()) retryWaitingIfRecovered();
            finished(c.key(), queues.finished(c.key()), c.outcome());
            return;
        }
        long now = clock.millis();
        stats.retried(now, c.error());
        DeliveryQueues.Finished givenUp = queues.failed(c.key(), c.error(), null, c.rateLimited());
        if (givenUp != null) {
            finished(c.key(), givenUp, Delivery.Outcome.rejected("gave up after " + Duration.ofMillis(now - givenUp.firstFailureMs()).toMinutes()
                    + " min of failures: " + c.error(), givenUp.lastResponse()));
            return;
        }
        trail.failed(c.key(), queues.waiting(c.key()), c.error());
        if (!c.logged()) {
            log.warn("{} {} {} not delivered ({}), will retry", target, SyncKey.parse(c.key()).entity(), c.key(), Masking.mask(c.error()));
        }
    }

    private void finished(String key, DeliveryQueues.Finished f, Delivery.Outcome outcome) {
        recorder.record(f, outcome);
        trail.finished(key, f, outcome);
    }

    /** Failures and no success for a while: the CRM counts as down until a request gets through again. */
    boolean outage() {
        return stats.lastErrorMs() > stats.lastSuccessMs() && clock.millis() - stats.lastSuccessMs() >= RECOVERY_GAP_MS;
    }

    private void retryWaitingIfRecovered() {
        if (!outage()) return;
        int waiting = queues.retryNow();
        if (waiting > 0) log.info("{} answers again: {} waiting entities are retried now", target, waiting);
    }
}
