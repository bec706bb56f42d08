package shopsync.sink.frontpad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import shopsync.sink.frontpad.FrontpadBudget.Use;

/** The budget on a hand-moved clock: Frontpad's two limits, new orders first, polls with what is left. */
class FrontpadBudgetTest {
    final ManualClock clock = new ManualClock();
    final FrontpadBudget budget = new FrontpadBudget(25, 2, clock);

    @Test
    void neverMoreThan25AMinuteNor2ASecondAndPollsLeaveTheReserveToNewOrders() {
        List<Long> sent = new ArrayList<>();
        List<Long> polls = new ArrayList<>();
        for (int tick = 0; tick < 3 * 600; tick++) { // three minutes, a try every 100 ms
            if (budget.tryAcquire(Use.POLL)) polls.add(clock.millis());
            if (tick % 50 == 0 && budget.tryAcquire(Use.OTHER)) sent.add(clock.millis());
            clock.advance(Duration.ofMillis(100));
        }
        sent.addAll(polls);
        sent.sort(null);
        assertThat(most(sent, 60_000)).isLessThanOrEqualTo(20); // 25 less the new orders' reserve of 5
        assertThat(most(sent, 1_100)).isLessThanOrEqualTo(2);
        assertThat(sent).as("the background uses what it is left").hasSizeBetween(55, 60);
        assertThat(polls.size()).as("polls spread, one every 3 s at most").isBetween(20, 60);
        for (int i = 1; i < polls.size(); i++) assertThat(polls.get(i) - polls.get(i - 1)).isGreaterThanOrEqualTo(3_000);

        int newOrders = 0;
        for (int tick = 0; tick < 100; tick++) {
            if (budget.tryAcquire(Use.NEW_ORDER)) newOrders++;
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(newOrders).as("the reserve, within 10 s of a full background minute").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aWaitingNewOrderGoesBeforeEverythingElse() throws Exception {
        assertThat(budget.tryAcquire(Use.NEW_ORDER)).isTrue();
        Thread order = new Thread(() -> {
            try {
                budget.acquire(Use.NEW_ORDER);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        order.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> order.getState() == Thread.State.TIMED_WAITING);
        clock.advance(Duration.ofSeconds(2)); // room again; the waiting order has not noticed yet
        assertThat(budget.tryAcquire(Use.POLL)).isFalse();
        assertThat(budget.tryAcquire(Use.OTHER)).isFalse();
        order.join(5_000);
        assertThat(budget.used(Use.NEW_ORDER)).isEqualTo(2);
        assertThat(budget.used(Use.POLL) + budget.used(Use.OTHER)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.tryAcquire(Use.POLL)).isTrue();
    }

    @Test
    void aWaitingCheckGoesBeforePolls() throws Exception {
        assertThat(budget.tryAcquire(Use.OTHER)).isTrue();
        Thread check = new Thread(() -> {
            try {
                budget.acquire(Use.OTHER);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        check.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> check.getState() == Thread.State.TIMED_WAITING);
        clock.advance(Duration.ofSeconds(2));
        assertThat(budget.tryAcquire(Use.POLL)).isFalse();
        check.join(5_000);
        assertThat(budget.used(Use.OTHER)).isEqualTo(2);
        assertThat(budget.used(Use.POLL)).isZero();
    }

    private static int most(List<Long> times, long windowMs) {
        int most = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= windowMs) j++;
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
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
