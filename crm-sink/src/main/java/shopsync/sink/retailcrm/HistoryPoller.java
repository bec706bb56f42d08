package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CrmEvent;
import shopsync.events.Json;
import shopsync.events.OrderExternalId;
import shopsync.events.Topics;
import shopsync.sink.inbound.CursorStore;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.inbound.ShopOrders;

/**
 * The safety net for lost webhooks: reads RetailCRM's {@code orders/history} after the saved {@code sinceId}
 * and publishes status changes made by others to {@code crm.inbound}. Unlike the official modules, the cursor
 * moves only after a page's events are durable, so a crash in between replays the page (the processor
 * drops what it already applied) instead of losing it. Changes made with our own key are skipped, and so are
 * records of another store's orders (the history has no site filter). The first start begins at the newest
 * record, not at the account's whole history. A record's {@code externalId} is turned back into the shop order id
 * ({@link OrderNames}); one that names no single shop order is skipped and recorded.
 */
public final class HistoryPoller {
    public static final String CURSOR = "retailcrm.history";
    private static final Logger log = LoggerFactory.getLogger(HistoryPoller.class);
    private static final int LIMIT = 100;
    private static final int MAX_PAGES_PER_POLL = 25;
    private static final DateTimeFormatter CRM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final RetailCrmClient client;
    private final InboundPublisher publisher;
    private final CursorStore cursors;
    private final ZoneId crmZone;
    private final Clock clock;
    private final StoreScope stores;
    private final OrderNames names;
    private Long sinceId;

    /** A poller for orders named by their shop id. */
    public HistoryPoller(RetailCrmClient client, InboundPublisher publisher, CursorStore cursors, ZoneId crmZone, Clock clock) {
        this(client, publisher, cursors, crmZone, clock, OrderExternalId.ID, new ShopOrders(null, clock), new StoreScope(client.site()));
    }

    public HistoryPoller(RetailCrmClient client, InboundPublisher publisher, CursorStore cursors, ZoneId crmZone, Clock clock,
                         OrderExternalId orderNames, ShopOrders shop, StoreScope stores) {
        this.stores = stores;
        this.names = new OrderNames(orderNames, shop);
        this.client = client;
        this.publisher = publisher;
        this.cursors = cursors;
        this.crmZone = crmZone;
        this.clock = clock;
    }

    /** One poll: pages until the history is exhausted (at most 25 pages). Returns the events published. */
    public int pollOnce() {
        if (sinceId == null && !loadCursor()) return 0;
        int published = 0;
        for (int page = 0; page < MAX_PAGES_PER_POLL; page++) {
            CrmResponse response = client.orderHistory(sinceId, 1, LIMIT);
            if (!response.success()) {
                log.warn("retailcrm history poll failed: {}", response.describe());
                return published;
            }
            JsonNode records = response.body().path("history");
            if (records.isEmpty()) return published;
            List<CrmEvent> events = new ArrayList<>();
            long last = sinceId;
            for (JsonNode record : records) {
                last = Math.max(last, record.path("id").asLong());
                CrmEvent event = statusChangeByOthers(record);
                if (event != null) events.add(event);
            }
            publisher.publish(events);
            publisher.saveCursor(CURSOR, String.valueOf(last));
            sinceId = last;
            published += events.size();
            JsonNode pagination = response.body().path("pagination");
            if (pagination.path("currentPage").asInt() >= pagination.path("totalPageCount").asInt()) return published;
        }
        return published;
    }

    /** Reads the saved cursor; on the very first start, saves the newest history id instead. */
    private boolean loadCursor() {
        String saved = cursors.read(CURSOR);
        if (saved != null) {
            sinceId = Long.parseLong(saved);
            return true;
        }
        CrmResponse first = client.orderHistory(0, 1, LIMIT);
        if (!first.success()) {
            log.warn("retailcrm history: cannot find the newest record yet: {}", first.describe());
            return false;
        }
        int pages = first.body().path("pagination").path("totalPageCount").asInt(1);
        CrmResponse lastPage = pages > 1 ? client.orderHistory(0, pages, LIMIT) : first;
        long newest = 0;
        for (JsonNode record : lastPage.body().path("history")) newest = Math.max(newest, record.path("id").asLong());
        publisher.saveCursor(CURSOR, String.valueOf(newest));
        sinceId = newest;
        log.info("retailcrm history: first start, following changes after history id {}", newest);
        return true;
    }

    private CrmEvent statusChangeByOthers(JsonNode record) {
        if (!stores.holds(record.path("order"), "history record " + record.path("id").asText())) return null;
        if (!"status".equals(record.path("field").asText())) return null;
        if ("api".equals(record.path("source").asText()) && record.path("apiKey").path("current").asBoolean(false)) return null;
        String status = Json.text(record.path("newValue"), "code");
        String externalId = Json.text(record.path("order"), "externalId");
        if (status == null || externalId == null) return null;
        OrderNames.Resolved order = names.ofExternalId(externalId);
        if (order.orderId() == null) {
            log.warn("retailcrm history {}: order {} skipped: {}", record.path("id").asLong(), externalId, order.problem());
            publisher.recordSkipped(Topics.RETAILCRM.name(), externalId, "history skipped: " + order.problem());
            return null;
        }
        return new CrmEvent(Topics.RETAILCRM.name(), "history", order.orderId(), record.path("order").path("id").asText(), status,
                record.path("id").asLong(), eventTime(record));
    }

    /** The end of the record's second: history times have no milliseconds (see the processor's stale rule). */
    private long eventTime(JsonNode record) {
        try {
            return LocalDateTime.parse(record.path("createdAt").asText(), CRM_TIME).atZone(crmZone).toInstant().toEpochMilli() + 999;
        } catch (DateTimeParseException e) {
            return clock.millis();
        }
    }
}
