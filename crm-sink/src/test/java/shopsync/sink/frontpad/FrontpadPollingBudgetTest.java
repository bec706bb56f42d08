package shopsync.sink.frontpad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.SyncRequest;
import shopsync.sink.delivery.Delivery;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.testkit.FrontpadEmulator;

/**
 * 200 sent orders being checked without the webhook, and a new order meanwhile: Frontpad sees no more than the
 * budget (25 a minute, 2 a second), never answers {@code requests_limit}, and the new order goes first.
 *
 * <p>The budget and the emulator share a shortened minute of 15 s (their second is a sixtieth of it), so the test
 * covers two of Frontpad's minutes in 30 s instead of running for real minutes.
 */
class FrontpadPollingBudgetTest {
    static final Duration MINUTE = Duration.ofSeconds(15);

    @Test
    void twoHundredOrdersArePolledWithinTheBudgetAndANewOrderGoesFirst() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
             FrontpadEmulator frontpad = FrontpadEmulator.start("s");
             FrontpadLedger ledger = new FrontpadLedger(kafka.bootstrapServers(), Clock.systemUTC());
             InboundPublisher inbound = new InboundPublisher(kafka.bootstrapServers(), Clock.systemUTC())) {
            frontpad.addProduct("A-1", "Пицца", "500");
            frontpad.setLimits(100_000, 100_000, Duration.ofMinutes(1));
            Set<String> finalIds = new HashSet<>();
            try (FrontpadClient setup = new FrontpadClient(frontpad.url(), "s", Duration.ofSeconds(5), new RateGate(1000))) {
                for (int i = 0; i < 210; i++) {
                    var answer = setup.call("new_order", FrontpadEmulatorTest.order("7900000" + (1000 + i)));
                    long id = answer.body().path("order_id").asLong();
                    ledger.markSent("o" + i, id, answer.body().path("order_number").asLong());
                    if (i >= 200) finalIds.add(String.valueOf(id)); // done in the shop: never asked about
                }
            }
            frontpad.setLimits(30, 2, MINUTE);
            long since = System.currentTimeMillis();

            FrontpadBudget budget = new FrontpadBudget(25, 2, MINUTE, Clock.systemUTC());
            ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
            try (FrontpadClient client = new FrontpadClient(frontpad.url(), "s", Duration.ofSeconds(5), budget)) {
                FrontpadStatusPoller poller = new FrontpadStatusPoller(client, ledger, inbound,
                        orderId -> orderId.matches("o2\\d\\d") ? 4 : 1, status -> List.of(1, 2, 3).contains(status), Duration.ofDays(7),
                        MINUTE, Clock.systemUTC());
                ticks.scheduleWithFixedDelay(poller::pollOnce, 0, MINUTE.toMillis() / 60, TimeUnit.MILLISECONDS);

                // A new order comes once the polls have used up a whole minute of what the budget leaves them.
                await().atMost(MINUTE.multipliedBy(3)).until(() -> frontpad.calls("get_status").size() >= 20);
                long placed = System.nanoTime();
                Delivery.Outcome outcome = new FrontpadDelivery(client, ledger, null, List.of(), ZoneId.of("Europe/Moscow"))
                        .deliver(new SyncRequest("frontpad", SyncRequest.Kind.ORDER_CREATE, "new-1", FrontpadEmulatorTest.order("79009990000"), 0));
                long tookMs = (System.nanoTime() - placed) / 1_000_000;
                assertThat(outcome.created()).isTrue();
                assertThat(tookMs).as("the new order reaches new_order while 200 orders are being checked").isLessThan(5_000);

                await().atMost(MINUTE.multipliedBy(3)).until(() -> frontpad.calls("get_status").size() >= 30);
            } finally {
                ticks.shutdownNow();
                ticks.awaitTermination(5, TimeUnit.SECONDS);
            }

            assertThat(frontpad.limitedRequests()).as("requests_limit answers").isZero();
            assertThat(frontpad.busiestWindow(MINUTE, since)).as("requests in any minute").isLessThanOrEqualTo(25);
            assertThat(frontpad.busiestWindow(MINUTE.dividedBy(60), since)).as("requests in any second").isLessThanOrEqualTo(2);
            List<String> polled = frontpad.calls("get_status").stream().map(c -> c.fields().get("order_id")).toList();
            assertThat(polled).as("polls use what the new order leaves: 20 a minute").hasSizeBetween(30, 40);
            assertThat(polled).as("oldest-checked first: nobody twice while others wait").doesNotHaveDuplicates();
            assertThat(polled).as("orders in a final shop status are not checked").doesNotContainAnyElementsOf(finalIds);
            assertThat(budget.used(FrontpadBudget.Use.NEW_ORDER)).isEqualTo(1);
        }
    }
}
