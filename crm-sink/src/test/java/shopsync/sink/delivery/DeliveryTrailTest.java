package shopsync.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import shopsync.events.Json;
import shopsync.events.RetryPolicy;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.events.Topics;
import shopsync.events.TrailEntry;

/** What the sink writes to an order's trail, on a hand-driven clock and the real delivery queues. */
class DeliveryTrailTest {
    static final TopicPartition P0 = new TopicPartition("sync.retailcrm", 0);
    final DeliveryQueuesTest.ManualClock clock = new DeliveryQueuesTest.ManualClock();
    final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(1), Duration.ofHours(24));
    final DeliveryQueues queues = new DeliveryQueues(clock, policy, new Random(1), (a, b) -> null);
    final List<TrailEntry> written = new ArrayList<>();
    final DeliveryTrail trail = new DeliveryTrail(Topics.RETAILCRM, written::add, clock);

    @Test
    void eachFailedAttemptWithTheCrmsAnswerThenTheSuccessWithTheCrmId() {
        queues.add(P0, 0, "order:57", request(Kind.ORDER_CREATE, "57"));
        queues.ready();
        fail("order:57", "RetailCRM answered 503: Rate limit exceeded");
        clock.advance(Duration.ofSeconds(1));
        queues.ready();
        trail.finished("order:57", queues.finished("order:57"), Delivery.Outcome.created("1005"));

        assertThat(written).extracting(TrailEntry::orderId).containsOnly("57");
        assertThat(written).extracting(e -> e.role() + " " + e.stage() + " " + e.target()).containsExactly(
                "sink attempt retailcrm", "sink delivered retailcrm");
        assertThat(written.get(0).text()).matches("ORDER_CREATE attempt 1: RetailCRM answered 503: Rate limit exceeded; next try in 0\\.\\d s");
        assertThat(written.get(1).text()).isEqualTo("ORDER_CREATE attempt 2: created, CRM id 1005");
        assertThat(written.get(1).atMs() - written.get(0).atMs()).isEqualTo(1_000);
    }

    @Test
    void aParkedOrderSaysSoAndAnOutageOfHoursWritesEveryAttemptAtFirstThenOneInSixty() {
        queues.add(P0, 0, "order:57", request(Kind.STATUS_EDIT, "57"));
        queues.ready();
        while (queues.parkedKeys() == 0) {
            fail("order:57", "RetailCRM answered 502");
            clock.advance(Duration.ofSeconds(31));
            queues.ready();
        }
        TrailEntry parked = written.get(written.size() - 1);
        assertThat(parked.stage()).isEqualTo(TrailEntry.PARKED);
        assertThat(parked.text()).endsWith("RetailCRM answered 502; parked, next try in 60.0 s");

        assertThat(DeliveryTrail.written(20)).isTrue();
        assertThat(DeliveryTrail.written(21)).isFalse();
        assertThat(DeliveryTrail.written(59)).isFalse();
        assertThat(DeliveryTrail.written(60)).isTrue();
        assertThat(DeliveryTrail.written(120)).isTrue();
    }

    @Test
    void refusedAndUncertainOrdersAreInTheDlqAndACustomersOwnRequestHasNoOrderTrail() {
        queues.add(P0, 0, "order:57", request(Kind.ORDER_CREATE, "57"));
        queues.add(P0, 1, "order:58", request(Kind.ORDER_CREATE, "58"));
        queues.add(P0, 2, "customer:9", request(Kind.CUSTOMER_UPSERT, "9"));
        queues.ready();
        trail.finished("order:57", queues.finished("order:57"),
                Delivery.Outcome.rejected("RetailCRM 400: Order is not loaded {delivery.code=\"express\" does not exist.}", null));
        trail.finished("order:58", queues.finished("order:58"),
                Delivery.Outcome.uncertain("may already be in Frontpad — check by phone 79001110601 at 02.12 17:40 (HTTP 502)"));
        trail.finished("customer:9", queues.finished("customer:9"), Delivery.Outcome.updated("77"));

        assertThat(written).extracting(e -> e.orderId() + " " + e.stage() + ": " + e.text()).containsExactly(
                "57 dead-lettered: ORDER_CREATE attempt 1: RetailCRM 400: Order is not loaded {delivery.code=\"express\" does not exist.}; "
                        + "in sync.dlq",
                "58 uncertain: ORDER_CREATE attempt 1: may already be in Frontpad — check by phone *********01 at 02.12 17:40 (HTTP 502); "
                        + "in sync.dlq");
    }

    private void fail(String key, String error) {
        assertThat(queues.failed(key, error, null)).isNull();
        trail.failed(key, queues.waiting(key), error);
    }

    private static SyncRequest request(Kind kind, String id) {
        return new SyncRequest("retailcrm", kind, id, Json.object().put("externalId", id), 0);
    }
}
