package shopsync.events;

/**
 * One CRM that shopsync delivers to: its name (the {@code target} of every request, result, dead letter and CRM
 * event about it), the topic of its sync requests and the consumer group of its sink. Declared once in
 * {@link Topics}; everything else looks a target up there.
 */
public record Target(String name, Topic<String, SyncRequest> syncTopic) {

    /** The sink's consumer group: its committed offsets say how far this target's requests were delivered. */
    public String sinkGroup() {
        return "shopsync-sink-" + name;
    }

    /** Key of this target's outcome for one entity in {@code sync.results} and {@code sync.dlq}: {@code <target>:<id>}. */
    public String outcomeKey(Object entityId) {
        return outcomeKey(name, entityId);
    }

    /** The same key for a target known only by name (as events carry it). */
    public static String outcomeKey(String target, Object entityId) {
        return target + ":" + entityId;
    }

    @Override
    public String toString() {
        return name;
    }
}
