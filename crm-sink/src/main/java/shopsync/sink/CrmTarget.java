package shopsync.sink;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import shopsync.events.DeadLetter;
import shopsync.events.Target;
import shopsync.sink.delivery.Delivery;
import shopsync.sink.inbound.WebhookDialect;

/**
 * Everything the sink does for one CRM, in one place: how its requests are delivered, what runs in the background
 * for it, what its webhooks look like, what happens when a request is dead-lettered, and what it adds to the
 * metrics. The {@link SinkService} runs every enabled target the same way and asks for each part once, at start;
 * closing a target closes its clients.
 */
public interface CrmTarget extends AutoCloseable {

    Target target();

    Delivery delivery();

    /** Total time requests waited for the account's request budget, for the rate-limit waits on the status page. */
    long budgetWaitedMs();

    /** Jobs on a timer (e.g. history polling). */
    default List<Poller> pollers() {
        return List.of();
    }

    /** Jobs on a thread of their own. */
    default List<Loop> loops() {
        return List.of();
    }

    /** Its webhook formats, or null when the CRM calls no webhook. */
    default WebhookDialect webhooks() {
        return null;
    }

    /** Further pages on the webhook port, by path (e.g. checks the shop's pages call). */
    default Map<String, HttpHandler> pages() {
        return Map.of();
    }

    /** Called on the worker's thread after a dead letter is recorded, to make the failure visible. */
    default Consumer<DeadLetter> onDeadLetter() {
        return dead -> { };
    }

    /** Counts for the status page beyond the worker's (e.g. how far a backfill has come), by name. */
    default Map<String, Long> progress() {
        return Map.of();
    }

    /** What needs a person now (e.g. the account refuses every call), one line each, for the status page. */
    default List<String> attention() {
        return List.of();
    }

    /** Its own metrics; the worker's are registered by the sink. */
    default void metrics(MeterRegistry registry) {
    }

    @Override
    void close();
}
