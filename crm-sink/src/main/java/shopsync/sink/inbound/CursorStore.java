package shopsync.sink.inbound;

import shopsync.events.Topics;
import shopsync.events.kafka.TopicSnapshot;

/** Reads a poller's last saved cursor from the compacted {@code crm.cursors} topic (written by {@link InboundPublisher}). */
public final class CursorStore {
    private final String bootstrapServers;

    public CursorStore(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The newest value saved under {@code name}, or null if none was ever saved. */
    public String read(String name) {
        String value = null;
        for (var r : TopicSnapshot.read(bootstrapServers, Topics.CRM_CURSORS)) {
            if (name.equals(r.key())) value = r.value();
        }
        return value;
    }
}
