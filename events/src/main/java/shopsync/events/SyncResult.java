package shopsync.events;

/** What happened to one {@link SyncRequest}: the CRM's id on success, the CRM's message on failure. */
public record SyncResult(String target, SyncRequest.Kind kind, String entityId, Outcome outcome, String crmId,
                         String detail, long sourceTsMs, long completedAtMs) {

    public enum Outcome { CREATED, UPDATED, FAILED, REJECTED }

    /** Its key in {@code sync.results}: {@code <target>:<entity id>}. */
    public String key() {
        return Target.outcomeKey(target, entityId);
    }
}
