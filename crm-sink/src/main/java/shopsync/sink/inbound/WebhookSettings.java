package shopsync.sink.inbound;

/**
 * The webhook endpoint every CRM trigger calls.
 *
 * @param secret expected as the last path segment or in {@code X-Shopsync-Token}; at least 16 characters
 */
public record WebhookSettings(boolean enabled, int port, String secret) {

    @Override
    public String toString() {
        return "WebhookSettings[enabled=" + enabled + ", port=" + port + ", secret=****]";
    }
}
