package shopsync.app.console;

import java.util.List;
import shopsync.app.ops.OrderTrail;
import shopsync.events.Masking;
import shopsync.events.TrailEntry;

/**
 * An order's trail as the console shows it: its steps oldest first, times in UTC.
 *
 * @param omitted older steps not shown ({@code trail.max-entries})
 * @param beginningExpired its first steps are older than {@code trail.retention} and gone
 */
record TrailView(String orderId, String num, List<Step> steps, int omitted, boolean beginningExpired) {

    record Step(String time, String role, String stage, String target, String text) {}

    static TrailView of(OrderTrail trail) {
        List<Step> steps = trail.entries().stream().map(TrailView::step).toList();
        return new TrailView(trail.orderId(), trail.num(), steps, trail.omitted(), trail.beginningExpired());
    }

    private static Step step(TrailEntry e) {
        // TrailEntry masks its text when it is made; masked again here in case an older writer did not.
        return new Step(Display.time(e.atMs()), e.role(), e.stage(), e.target() == null ? "" : e.target(),
                e.text() == null ? "" : Masking.mask(e.text()));
    }
}
