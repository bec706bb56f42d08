package shopsync.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import shopsync.events.TrailEntry;

/** Putting an order's entries in order, bounding them, and saying what is missing. */
class OrderTrailTest {

    @Test
    void entriesGoByTimeAndWithinOneMillisecondByTheirPlaceInTheTopic() {
        // The sink's entry reached the topic before the processor's, but happened later.
        List<OrderTrail.Indexed> found = List.of(
                new OrderTrail.Indexed(line(2_000, TrailEntry.SINK, TrailEntry.DELIVERED, "ORDER_CREATE attempt 1: created"), 5),
                new OrderTrail.Indexed(line(1_000, TrailEntry.PROCESSOR, TrailEntry.ASSEMBLED, "complete: status 1"), 7),
                new OrderTrail.Indexed(line(1_000, TrailEntry.PROCESSOR, TrailEntry.CAPTURED, "ms2_orders insert: status 0"), 6),
                new OrderTrail.Indexed(line(1_000, TrailEntry.PROCESSOR, TrailEntry.QUEUED, "ORDER_CREATE"), 8));

        OrderTrail trail = OrderTrail.of("57", found, 200, false);

        assertThat(trail.entries()).extracting(TrailEntry::stage)
                .containsExactly(TrailEntry.CAPTURED, TrailEntry.ASSEMBLED, TrailEntry.QUEUED, TrailEntry.DELIVERED);
        assertThat(trail.omitted()).isZero();
        assertThat(trail.beginningExpired()).isFalse();
        assertThat(trail.render(ZoneOffset.UTC)).isEqualTo("""
                order 57 (num 2611/57): 4 entries, times in Z
                1970-01-01 00:00:01.000  processor  captured                  ms2_orders insert: status 0
                1970-01-01 00:00:01.000  processor  assembled                 complete: status 1
                1970-01-01 00:00:01.000  processor  queued         retailcrm  ORDER_CREATE
                1970-01-01 00:00:02.000  sink       delivered      retailcrm  ORDER_CREATE attempt 1: created
                """);
    }

    @Test
    void onlyTheLatestAreKeptAndTheRestCounted() {
        List<OrderTrail.Indexed> found = new ArrayList<>();
        found.add(new OrderTrail.Indexed(line(0, TrailEntry.PROCESSOR, TrailEntry.CAPTURED, "ms2_orders insert: status 0"), 0));
        for (int i = 1; i <= 300; i++) {
            found.add(new OrderTrail.Indexed(line(i * 1_000L, TrailEntry.SINK, TrailEntry.PARKED, "ORDER_CREATE attempt " + i), i));
        }

        OrderTrail trail = OrderTrail.of("57", found, 200, true);

        assertThat(trail.entries()).hasSize(200);
        assertThat(trail.entries().get(0).text()).isEqualTo("ORDER_CREATE attempt 101");
        assertThat(trail.omitted()).isEqualTo(101);
        assertThat(trail.beginningExpired()).as("its first entry is there, only not shown").isFalse();
        assertThat(trail.render(ZoneOffset.UTC)).contains("(101 older entries not shown");
    }

    @Test
    void aTrailThatNoLongerStartsWithTheOrderSaysItsBeginningExpired() {
        List<OrderTrail.Indexed> found = List.of(
                new OrderTrail.Indexed(line(1_000, TrailEntry.PROCESSOR, TrailEntry.CAPTURED, "ms2_orders update: status 1 → 2"), 0));

        assertThat(OrderTrail.of("57", found, 200, true).render(ZoneOffset.UTC)).contains("its first entries have expired");
        assertThat(OrderTrail.of("57", found, 200, false).beginningExpired()).as("nothing was deleted from the topic").isFalse();
    }

    @Test
    void numbersAndIds() {
        assertThat(Trail.isId("57")).isTrue();
        assertThat(Trail.isId("2611/57")).isFalse();
        assertThat(Trail.number("2611-57")).as("RetailCRM's num-dash name").isEqualTo("2611/57");
        assertThat(Trail.number("2611/57")).isEqualTo("2611/57");
    }

    @Test
    void phonesAndEmailsInAnEntryAreMasked() {
        TrailEntry e = line(0, TrailEntry.SINK, TrailEntry.UNCERTAIN, "may already be in Frontpad — check by phone 79001234567, ivan@example.com");
        assertThat(e.text()).doesNotContain("79001234567", "ivan@").contains("i***@example.com");
    }

    private static TrailEntry line(long atMs, String role, String stage, String text) {
        return new TrailEntry(atMs, "57", role, stage, role.equals(TrailEntry.SINK) || stage.equals(TrailEntry.QUEUED) ? "retailcrm" : null,
                text, stage.equals(TrailEntry.CAPTURED) ? "2611/57" : null);
    }
}
