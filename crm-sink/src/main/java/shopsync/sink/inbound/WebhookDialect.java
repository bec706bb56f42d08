package shopsync.sink.inbound;

import java.util.Map;

/**
 * One CRM's webhook formats, served by {@link WebhookIntake} at {@code /webhooks/<path>}: what a request's fields
 * mean. The intake does everything else (secret, body, limits, replies, storing the event before answering).
 */
public interface WebhookDialect {

    /** The endpoint's path segment: the target's name. */
    String path();

    /**
     * @param method {@code POST} or {@code GET}
     * @param fields query, form and top-level JSON fields of the request, later ones winning
     */
    Verdict read(String method, Map<String, String> fields);
}
