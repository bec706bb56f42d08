package shopsync.sink.frontpad;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CrmEvent;
import shopsync.events.Topics;
import shopsync.sink.frontpad.FrontpadBudget.Use;
import shopsync.sink.frontpad.FrontpadClient.FrontpadAnswer;
import shopsync.sink.frontpad.FrontpadLedger.Entry;
import shopsync.sink.inbound.InboundPublisher;

/**
 * FrontpadApi's status cron, within Frontpad's limits: on each short tick it asks {@code get_status} for the orders
 * sent within {@code frontpad.check-days} whose shop status is still worth asking about (one of
 * {@code frontpad.check-statuses}, or by default any the shop does not mark final) and that were
 * last checked at least {@code perOrder} ago, oldest-checked first, as many as the budget leaves after new orders
 * (it never waits for the budget), and publishes a status name it has not reported yet to {@code crm.inbound}.
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
    private final Predicate<Integer> checked;
    private final Duration checkAge;
    private final Duration perOrder;
    private final Clock clock;
    private final Map<String, String> reported = new ConcurrentHashMap<>();
    private final Map<String, Long> checkedAtMs = new ConcurrentHashMap<>();

    /**
     * @param checked whether an order in this shop status (null: unknown) is asked about
     * @param perOrder check each order at most this often
     */
    public FrontpadStatusPoller(FrontpadClient client, FrontpadLedger ledger, InboundPublisher publisher, ShopStatuses shop,
                                Predicate<Integer> checked, Duration checkAge, Duration perOrder, Clock clock) {
        this.clock = clock;
        this.client = client;
        this.ledger = ledger;
        this.publisher = publisher;
        this.shop = shop;
        this.checked = checked;
        this.checkAge = checkAge;
        this.perOrder = perOrder;
    }

    /** Checks the orders that are due, as far as the budget allows now; returns the status changes published. */
    public int pollOnce() {
        Map<String, Entry> sent = ledger.sentWithin(checkAge);
        checkedAtMs.keySet().retainAll(sent.keySet());
        reported.keySet().retainAll(sent.keySet());
        long dueBefore = clock.millis() - perOrder.toMillis();
        List<Map.Entry<String, Entry>> due = sent.entrySet().stream()
                .filter(e -> checkedAtMs.getOrDefault(e.getKey(), Long.MIN_VALUE) <= dueBefore)
                .filter(e -> checked.test(shop.statusOf(e.getKey())))
                .sorted(Comparator.<Map.Entry<String, Entry>>comparingLong(e -> checkedAtMs.getOrDefault(e.getKey(), Long.MIN_VALUE))
                        .thenComparingLong(e -> e.getValue().atMs()))
                .toList();
        List<CrmEvent> events = new ArrayList<>();
        for (Map.Entry<String, Entry> e : due) {
            String orderId = e.getKey();
            long frontpadId = e.getValue().frontpadOrderId();
            FrontpadAnswer answer = client.callIfBudgetAllows(Use.POLL, "get_status", Map.of("order_id", String.valueOf(frontpadId)));
            if (answer == null) break; // the rest waits for the next tick
            checkedAtMs.put(orderId, clock.millis());
            if (!answer.success()) {
                log.warn("frontpad get_status for order {} failed: {}", orderId, answer.error());
                continue;
            }
            String name = answer.body().path("status").asText();
            if (name.equals(reported.get(orderId))) continue;
            events.add(new CrmEvent(Topics.FRONTPAD.name(), "poll", orderId, String.valueOf(frontpadId), name, 0, clock.millis()));
        }
        if (!events.isEmpty()) {
            publisher.publish(events);
            events.forEach(ev -> reported.put(ev.orderId(), ev.status()));
        }
        return events.size();
    }
}
