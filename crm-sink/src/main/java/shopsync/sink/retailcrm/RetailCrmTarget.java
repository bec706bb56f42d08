package shopsync.sink.retailcrm;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.sink.CrmTarget;
import shopsync.sink.Loop;
import shopsync.sink.Poller;
import shopsync.sink.TargetContext;
import shopsync.sink.catalog.CatalogView;
import shopsync.sink.delivery.Delivery;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.inbound.CursorStore;
import shopsync.sink.inbound.WebhookDialect;

/**
 * RetailCRM: idempotent delivery by {@code externalId} (the shop id or the num, {@code retailcrm.order-external-id}),
 * its trigger formats, and the history poller as a safety net; what comes back about another store's orders is
 * ignored and counted.
 */
final class RetailCrmTarget implements CrmTarget {
    private final RetailCrmSettings settings;
    private final TargetContext context;
    private final RetailCrmClient client;
    private final RetailCrmDelivery delivery;
    private final StoreScope stores;
    private final CatalogView catalog;

    /** Opens the client and checks the order naming ({@link OrderNamingCheck}): a wrong scheme fails the start. */
    RetailCrmTarget(RetailCrmSettings settings, TargetContext context) {
        this.settings = settings;
        this.context = context;
        this.client = new RetailCrmClient(settings.url(), settings.apiKey(), settings.site(), settings.timeout(),
                new RateGate(settings.rateLimit(), context.clock()));
        OrderNames names = new OrderNames(settings.orderExternalId(), context.shopOrders());
        CursorStore cursors = new CursorStore(context.bootstrapServers());
        OrderNamingCheck check = new OrderNamingCheck(client, names, settings.site(), () -> cursors.read(OrderNamingCheck.CURSOR),
                scheme -> context.inbound().saveCursor(OrderNamingCheck.CURSOR, scheme));
        try {
            check.atOpen();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        this.delivery = new RetailCrmDelivery(client, names, check);
        this.stores = new StoreScope(settings.site());
        this.catalog = settings.catalog() == null ? null : new CatalogView(context.bootstrapServers(), settings.catalog().stateDir());
    }

    @Override
    public Target target() {
        return Topics.RETAILCRM;
    }

    @Override
    public Delivery delivery() {
        return delivery;
    }

    @Override
    public Map<String, Long> progress() {
        return delivery.backfill().progress();
    }

    @Override
    public long budgetWaitedMs() {
        return client.gate().waitedMs();
    }

    @Override
    public List<Poller> pollers() {
        if (!settings.historyEnabled()) return List.of();
        HistoryPoller history = new HistoryPoller(client, context.inbound(), new CursorStore(context.bootstrapServers()),
                settings.timezone(), context.clock(), settings.orderExternalId(), context.shopOrders(), stores);
        return List.of(new Poller("shopsync-history-poller", settings.historyInterval(), history::pollOnce));
    }

    @Override
    public List<Loop> loops() {
        return catalog == null ? List.of() : List.of(new Loop("shopsync-catalog-view", catalog, catalog));
    }

    /** The ICML feed, when configured ({@code retailcrm.catalog.secret}). */
    @Override
    public Map<String, HttpHandler> pages() {
        if (catalog == null) return Map.of();
        RetailCrmSettings.CatalogFeed feed = settings.catalog();
        return Map.of(IcmlFeed.PATH, new IcmlFeed(catalog, feed.secret(), new IcmlWriter.Settings(feed.shopName(), feed.siteUrl(),
                feed.modificationsAsOffers(), feed.gramsPerWeightUnit()), context.clock()));
    }

    @Override
    public WebhookDialect webhooks() {
        return new RetailCrmWebhooks(client, context.clock(), settings.orderExternalId(), context.shopOrders(), stores);
    }

    @Override
    public void metrics(MeterRegistry registry) {
        stores.metrics(registry);
    }

    @Override
    public void close() {
        client.close();
        if (catalog != null) catalog.release();
    }
}
