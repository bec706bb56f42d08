package shopsync.app.runtime;

import java.util.List;
import shopsync.sink.SinkService;

/** Everything that talks to a CRM: delivery per target, webhook intake and pollers. */
final class SinkRole implements RoleService {
    private final SinkService sink;

    SinkRole(SinkService sink) {
        this.sink = sink;
    }

    SinkService service() {
        return sink;
    }

    @Override
    public void start() {
        sink.start();
    }

    @Override
    public List<Part> health() {
        return sink.status().stream().map(t -> new Part("sink-" + t.target().name(), t.alive(), t.alive(),
                t.alive() ? null : "delivery thread stopped")).toList();
    }

    @Override
    public void close() {
        sink.close();
    }
}
