package shopsync.processor;

import java.util.List;
import shopsync.events.DeadLetter;
import shopsync.events.SyncRequest;

/** What one order change means for one CRM: the requests to send, or the dead letter that says why there are none. */
public record Translation(List<SyncRequest> requests, DeadLetter deadLetter) {}
