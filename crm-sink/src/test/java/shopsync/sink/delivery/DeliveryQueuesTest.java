package shopsync.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import shopsync.events.Json;
import shopsync.events.RetryPolicy;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.sink.retailcrm.RetailCrmMerge;

/** The sink's scheduling on a hand-driven clock: per-order order, retry, parking, coalescing, safe offsets. */
class DeliveryQueuesTest {
    static final TopicPartition P0 = new TopicPartition("sync.retailcrm", 0);
    final ManualClock clock = new ManualClock();
    final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(1), Duration.ofHours(24));
    final DeliveryQueues queues = new DeliveryQueues(clock, policy, new Random(1), RetailCrmMerge::merge);

    @Test
    void oneRequestPerOrderInFlightAndAFailingOrderDoesNotHoldUpOthers() {
        queues.add(P0, 0, "order:1", create("1"));
        queues.add(P0, 1, "order:2", create("2"));
        assertThat(keys(queues.ready())).containsExactly("order:1", "order:2");
        queues.add(P0, 2, "order:1", status("1", "paid"));
        assertThat(queues.ready()).as("order 1 already has a request in flight").isEmpty();

        assertThat(queues.failed("order:1", "503", null)).isNull();
        queues.finished("order:2");
        queues.add(P0, 3, "order:2", status("2", "paid"));
        assertThat(keys(queues.ready())).as("order 1 waits for its backoff, order 2 flows").containsExactly("order:2");

        clock.advance(Duration.ofMillis(300));
        List<DeliveryQueues.Dispatch> retry = queues.ready();
        assertThat(keys(retry)).containsExactly("order:1");
        assertThat(retry.get(0).pending().request().kind()).as("the pending status change rides along with the create")
                .isEqualTo(Kind.ORDER_CREATE);
        assertThat(retry.get(0).pending().request().payload().path("status").asText()).isEqualTo("paid");
        assertThat(retry.get(0).pending().offsets()).containsExactly(0L, 2L);
    }

    @Test
    void anOrderRefusedForTheCrmsRateGoesAgainWithTheNextBatchEvenAfterALongOutage() {
        queues.add(P0, 0, "order:1", create("1"));
        queues.add(P0, 1, "order:2", create("2"));
        queues.ready();
        for (int i = 0; i < 5; i++) { // an outage of under a minute: both orders' backoffs grow to several seconds
            queues.failed("order:1", "CRM down", null);
            queues.failed("order:2", "CRM down", null);
            clock.advance(Duration.ofSeconds(10));
            assertThat(queues.ready()).hasSize(2);
        }
        queues.failed("order:1", "RetailCRM answered 503: Rate limit exceeded", null, true);
        queues.failed("order:2", "connection refused", null, false);

        assertThat(keys(queues.ready())).as("the rate-limited order goes again at once (the gate paces it); the other waits out its backoff")
                .containsExactly("order:1");
    }

    @Test
    void afterTheRetryBudgetTheOrderIsParkedThenTriedOnScheduleThenDeadLettered() {
        queues.add(P0, 0, "order:1", create("1"));
        queues.ready();
        while (true) {
            queues.failed("order:1", "CRM down", null);
            if (queues.parkedKeys() == 1) break;
            clock.advance(Duration.ofSeconds(31));
            assertThat(queues.ready()).hasSize(1);
        }
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
        assertThat(queues.parked(20)).as("the status page names it with its error").containsExactly(Map.entry("order:1", "CRM down"));
        clock.advance(Duration.ofSeconds(59));
        assertThat(queues.ready()).as("parked: not before the park interval").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queues.ready()).hasSize(1);

        clock.advance(Duration.ofHours(24));
        DeliveryQueues.Finished dead = queues.failed("order:1", "CRM down", "{\"errorMsg\":\"x\"}");
        assertThat(dead).isNotNull();
        assertThat(dead.pending().offsets()).containsExactly(0L);
        assertThat(dead.attempts()).isGreaterThan(5);
        assertThat(dead.lastError()).isEqualTo("CRM down");
    }

    @Test
    void whenTheCrmAnswersAgainEveryWaitingOrderMayGoAtOnceAndAHeldBackOneKeepsItsPlace() {
        queues.add(P0, 0, "order:1", create("1"));
        queues.add(P0, 1, "order:2", create("2"));
        queues.ready();
        queues.failed("order:1", "CRM down", null);
        queues.failed("order:2", "CRM down", null);
        assertThat(queues.ready()).as("both wait out their backoff").isEmpty();

        assertThat(queues.retryNow()).isEqualTo(2);
        assertThat(keys(queues.ready())).containsExactly("order:1", "order:2");

        queues.putBack("order:2"); // no sender was free
        queues.add(P0, 2, "order:2", status("2", "paid"));
        List<DeliveryQueues.Dispatch> next = queues.ready();
        assertThat(keys(next)).containsExactly("order:2");
        assertThat(next.get(0).pending().offsets()).as("put back ahead of the later change, folded with it").containsExactly(1L, 2L);
        assertThat(queues.committable()).containsEntry(P0, 0L);
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheCap() {
        Random random = new Random(3);
        long previous = 0;
        for (int attempt = 1; attempt <= 8; attempt++) {
            long wait = policy.afterFailure(attempt, 0, 0, random).retryAtMs();
            long nominal = Math.min(200L << (attempt - 1), 30_000);
            assertThat(wait).isBetween((long) (nominal * 0.8), (long) (nominal * 1.2));
            assertThat(wait).isGreaterThan(previous / 2);
            previous = wait;
        }
        assertThat(policy.afterFailure(20, 0, 0, random).retryAtMs()).isLessThanOrEqualTo(36_000);
    }

    @Test
    void offsetsAreCommittableOnlyBelowTheOldestRequestWithoutAnOutcome() {
        queues.add(P0, 10, "order:1", create("1"));
        queues.add(P0, 11, "order:2", create("2"));
        queues.add(P0, 12, "order:3", create("3"));
        queues.ready();
        queues.finished("order:2");
        queues.finished("order:3");
        assertThat(queues.committable()).containsExactly(Map.entry(P0, 10L));
        queues.failed("order:1", "timeout", null);
        assertThat(queues.committable()).containsExactly(Map.entry(P0, 10L));
        clock.advance(Duration.ofSeconds(1));
        queues.ready();
        queues.finished("order:1");
        assertThat(queues.committable()).containsExactly(Map.entry(P0, 13L));
    }

    @Test
    void aCustomerUpsertIsNeverFoldedIntoTheOrderBehindIt() {
        queues.add(P0, 0, "order:1", new SyncRequest("retailcrm", Kind.CUSTOMER_UPSERT, "7", Json.object().put("externalId", "7"), 0));
        queues.add(P0, 1, "order:1", create("1"));
        queues.add(P0, 2, "order:1", status("1", "paid"));
        assertThat(queues.ready().get(0).pending().request().kind()).isEqualTo(Kind.CUSTOMER_UPSERT);
        queues.finished("order:1");
        DeliveryQueues.Dispatch next = queues.ready().get(0);
        assertThat(next.pending().request().kind()).isEqualTo(Kind.ORDER_CREATE);
        assertThat(next.pending().request().payload().path("payments").size()).isEqualTo(1);
        assertThat(next.pending().offsets()).containsExactly(1L, 2L);
    }

    private static List<String> keys(List<DeliveryQueues.Dispatch> d) {
        return d.stream().map(DeliveryQueues.Dispatch::key).toList();
    }

    private static SyncRequest create(String id) {
        var order = Json.object().put("externalId", id).put("status", "new");
        order.putArray("payments").addObject().put("type", "cash");
        return new SyncRequest("retailcrm", Kind.ORDER_CREATE, id, order, 0);
    }

    private static SyncRequest status(String id, String status) {
        return new SyncRequest("retailcrm", Kind.STATUS_EDIT, id, Json.object().put("externalId", id).put("status", status), 0);
    }

    static final class ManualClock extends Clock {
        private final Instant start = Instant.parse("2026-11-23T00:00:00Z");
        private Instant now = start;

        void advance(Duration d) {
            now = now.plus(d);
        }

        Duration elapsed() {
            return Duration.between(start, now);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
