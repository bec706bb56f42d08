package shopsync.processor;

import java.util.List;
import shopsync.events.DeadLetter;
import shopsync.events.SyncRequest;
import shopsync.events.Target;

/** What one order change means for one CRM: the requests to send, or the dead letter that says why there are none. */
public record Translation(List<SyncRequest> requests, DeadLetter deadLetter) {

    /** Nothing to send, for {@code reason}; the dead letter is dated with the shop change that caused it. */
    public static Translation deadLetter(Target target, String orderId, String reason, long atMs) {
        return new Translation(List.of(), new DeadLetter(target.name(), orderId, null, reason, null, 0, atMs, atMs, 0));
    }
}
