package shopsync.sink.frontpad;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CrmEvent;
import shopsync.events.Topics;
import shopsync.sink.frontpad.FrontpadClient.FrontpadAnswer;
import shopsync.sink.inbound.InboundPublisher;

/**
 * FrontpadApi's status cron, as a timer: every {@code frontpad.check-interval} it asks {@code get_status} for the
 * orders sent within {@code frontpad.check-days} whose shop status is one of {@code frontpad.check-statuses}, and
 * publishes a status name it has not reported yet to {@code crm.inbound}.
 */
public final class FrontpadStatusPoller {
    private static final Logger log = LoggerFactory.getLogger(FrontpadStatusPoller.class);

    /** The shop's current status of an order, or null when unknown. */
    public interface ShopStatuses {
        Integer statusOf(String orderId);
    }

    private final FrontpadClient client;
    private final FrontpadLedger ledger;
    private final InboundPublisher publisher;
    private final ShopStatuses shop;
    private final List<Integer> checkStatuses;
    private final Duration checkAge;
    private final Clock clock;
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    public FrontpadStatusPoller(FrontpadClient client, FrontpadLedger ledger, InboundPublisher publisher, ShopStatuses shop,
                                List<Integer> checkStatuses, Duration checkAge, Clock clock) {
        this.clock = clock;
        this.client = client;
        this.ledger = ledger;
        this.publisher = publisher;
        this.shop = shop;
        this.checkStatuses = checkStatuses;
        this.checkAge = checkAge;
    }

    public int pollOnce() {
        List<CrmEvent> events = new ArrayList<>();
        ledger.sentWithin(checkAge).forEach((orderId, entry) -> {
            Integer status = shop.statusOf(orderId);
            if (!checkStatuses.isEmpty() && (status == null || !checkStatuses.contains(status))) return;
            FrontpadAnswer answer = client.call("get_status", Map.of("order_id", String.valueOf(entry.frontpadOrderId())));
            if (!answer.success()) {
                log.warn("frontpad get_status for order {} failed: {}", orderId, answer.error());
                return;
            }
            String name = answer.body().path("status").asText();
            if (name.equals(reported.get(orderId))) return;
            events.add(new CrmEvent(Topics.FRONTPAD.name(), "poll", orderId, String.valueOf(entry.frontpadOrderId()), name, 0,
                    clock.millis()));
        });
        if (!events.isEmpty()) {
            publisher.publish(events);
            events.forEach(e -> reported.put(e.orderId(), e.status()));
        }
        return events.size();
    }
}
