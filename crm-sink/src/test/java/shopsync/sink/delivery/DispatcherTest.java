package shopsync.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import shopsync.events.Json;
import shopsync.events.RetryPolicy;
import shopsync.events.SyncRequest;
import shopsync.events.Target;
import shopsync.events.Topics;

/** How many batches go to the CRM side by side: all senders normally, one while the CRM is down. */
class DispatcherTest {
    private static final TopicPartition P0 = new TopicPartition("sync.retailcrm", 0);
    private static final int THREADS = 4;

    private final CountDownLatch answer = new CountDownLatch(1);
    private final List<Integer> batchesSent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean crmDown = new AtomicBoolean();
    private final DeliveryQueues queues = new DeliveryQueues(new DeliveryQueuesTest.ManualClock(),
            RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(30)), new Random(1), (a, b) -> null);
    private final List<Completion> reported = new CopyOnWriteArrayList<>();
    private final Dispatcher dispatcher = new Dispatcher(new HeldCrm(), queues, THREADS, reported::addAll, crmDown::get);

    @AfterEach
    void release() {
        answer.countDown();
        dispatcher.shutdown();
    }

    @Test
    void aBacklogGoesInFullBatchesOnEverySender() {
        backlog(500);
        dispatcher.dispatch();
        await().until(() -> batchesSent.size() == THREADS);
        assertThat(batchesSent).containsOnly(50);
        assertThat(queues.pendingRequests()).as("nothing is lost: the rest waits for a sender").isEqualTo(500);
    }

    @Test
    void whileTheCrmIsDownOneBatchAtATimeProbesIt() {
        crmDown.set(true);
        backlog(500);
        dispatcher.dispatch();
        dispatcher.dispatch();
        await().until(() -> batchesSent.size() == 1);
        dispatcher.dispatch();
        await().during(Duration.ofMillis(200)).until(() -> batchesSent.size() == 1);
    }

    @Test
    void ordersThatFailBehindOneRequestAreLoggedOnceNotEachOnItsOwn() {
        Dispatcher oneCustomer = new Dispatcher(new UnreachableCrm(), queues, THREADS, reported::addAll, () -> false);
        backlog(50);
        oneCustomer.dispatch();
        await().until(() -> reported.size() == 50);
        oneCustomer.shutdown();
        assertThat(reported).allSatisfy(c -> {
            assertThat(c.outcome()).as("to be retried").isNull();
            assertThat(c.logged()).as("the batch's one warning covers it").isTrue();
        });
    }

    private void backlog(int orders) {
        for (int i = 0; i < orders; i++) {
            var order = Json.object().put("externalId", String.valueOf(i));
            queues.add(P0, i, "order:" + i, new SyncRequest("retailcrm", SyncRequest.Kind.ORDER_CREATE, String.valueOf(i), order, 0));
        }
    }

    /** Every order waits for one customer's upsert, and the CRM does not answer it: each order fails alike. */
    private static final class UnreachableCrm extends BatchingCrm {
        @Override
        public List<Attempt> deliverAll(List<SyncRequest> requests) {
            return requests.stream().map(r -> new Attempt(null, "RetailCRM unreachable: connection refused")).toList();
        }
    }

    private abstract static class BatchingCrm implements Delivery {
        @Override
        public Target target() {
            return Topics.RETAILCRM;
        }

        @Override
        public int batchLimit(SyncRequest.Kind kind) {
            return 50;
        }

        @Override
        public Outcome deliver(SyncRequest request) {
            throw new UnsupportedOperationException("batches only");
        }
    }

    /** A CRM that takes batches of 50 and answers none until the test ends. */
    private final class HeldCrm extends BatchingCrm {
        @Override
        public List<Attempt> deliverAll(List<SyncRequest> requests) {
            batchesSent.add(requests.size());
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new TransientFailure("test over");
        }
    }
}
