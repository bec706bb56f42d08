package shopsync.sink.frontpad;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CrmEvent;
import shopsync.events.DeadLetter;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;
import shopsync.sink.CrmTarget;
import shopsync.sink.Loop;
import shopsync.sink.Poller;
import shopsync.sink.TargetContext;
import shopsync.sink.delivery.Delivery;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.inbound.ShopOrders;
import shopsync.sink.inbound.WebhookDialect;
import shopsync.sink.notify.Mailer;

/**
 * Frontpad: creates orders once through its ledger, polls their statuses (FrontpadApi's cron), takes its status
 * webhook, checks product articles, serves the shop pages' checks, and makes a refused order visible.
 */
final class FrontpadTarget implements CrmTarget {
    private static final Logger log = LoggerFactory.getLogger(FrontpadTarget.class);
    private final FrontpadSettings settings;
    private final TargetContext context;
    private final RateGate gate;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final FrontpadClient client;
    private final FrontpadLedger ledger;
    private final ShopOrders shop;
    private final FrontpadDelivery delivery;
    private final ArticleCheck articles;
    private final AckedProducer dlq;

    FrontpadTarget(FrontpadSettings settings, TargetContext context) {
        this.settings = settings;
        this.context = context;
        this.gate = new RateGate(settings.rateLimit(), context.clock());
        this.client = opened(new FrontpadClient(settings.url(), settings.secret(), settings.timeout(), gate));
        try {
            this.ledger = opened(new FrontpadLedger(context.bootstrapServers(), context.clock()));
            this.dlq = opened(new AckedProducer(context.bootstrapServers()));
        } catch (RuntimeException e) {
            close(); // nobody else holds what was opened so far
            throw e;
        }
        this.shop = context.shopOrders();
        this.delivery = new FrontpadDelivery(client, ledger, settings.hookUrl(), settings.hookStatusCodes(), settings.zone());
        // The processor puts the warnings in the manager comment and, for a "sent with warnings" reason, keeps the status.
        delivery.onWarnings((orderId, detail) -> context.inbound().publish(
                List.of(CrmEvent.deliveryFailure(Topics.FRONTPAD.name(), orderId, detail, context.clock().millis()))));
        this.articles = settings.articleCheck() ? new ArticleCheck(context.bootstrapServers(), context.instanceId(), client,
                context.inbound(), settings.shopTablePrefix(), context.clock()) : null;
    }

    private <T extends AutoCloseable> T opened(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public Target target() {
        return Topics.FRONTPAD;
    }

    @Override
    public Delivery delivery() {
        return delivery;
    }

    @Override
    public RateGate gate() {
        return gate;
    }

    @Override
    public List<Poller> pollers() {
        FrontpadStatusPoller poller = new FrontpadStatusPoller(client, ledger, context.inbound(), shop::statusOf, settings.checkStatuses(),
                settings.checkAge(), context.clock());
        return List.of(new Poller("shopsync-frontpad-poller", settings.checkInterval(), () -> {
            shop.refresh();
            if (ledger.uncertain() > 0) ledger.refresh(); // takes in what shopsync dlq resolve wrote (a whole read of the ledger)
            return poller.pollOnce();
        }));
    }

    @Override
    public List<Loop> loops() {
        return articles == null ? List.of() : List.of(new Loop("shopsync-frontpad-articles", articles, articles));
    }

    @Override
    public WebhookDialect webhooks() {
        return new FrontpadWebhooks(ledger, settings.statusCodes(), context.clock(), this::closeDeadLetter);
    }

    /** An uncertain order turned out to be in Frontpad: its dead letter is closed, as {@code dlq resolve --sent} does. */
    private void closeDeadLetter(String orderId, long frontpadId) {
        long now = context.clock().millis();
        DeadLetter closed = new DeadLetter(Topics.FRONTPAD.name(), orderId, null, "resolved: Frontpad reported on it as order " + frontpadId,
                null, 0, now, now, now);
        dlq.send(Topics.SYNC_DLQ, closed.key(), closed);
    }

    @Override
    public Map<String, HttpHandler> pages() {
        if (!settings.siteChecks()) return Map.of();
        FrontpadChecks checks = new FrontpadChecks(client, ledger, shop);
        return Map.of("/frontpad/order-status", checks::orderStatus, "/frontpad/certificate", checks::certificate);
    }

    @Override
    public Consumer<DeadLetter> onDeadLetter() {
        return new FrontpadFailures(context.inbound(), settings.mail() == null ? null : new Mailer(settings.mail()), context.clock());
    }

    @Override
    public List<String> attention() {
        List<String> lines = new ArrayList<>();
        if (delivery.accountError() != null) {
            lines.add("the Frontpad account refuses the API (" + delivery.accountError() + "): orders wait; check frontpad.secret and the tariff");
        }
        long uncertain = ledger.uncertain();
        if (uncertain > 0) lines.add(uncertain + " order(s) may already be in Frontpad: check them, then shopsync dlq resolve (shopsync dlq list)");
        return lines;
    }

    @Override
    public Map<String, Long> progress() {
        return Map.of("uncertain", ledger.uncertain());
    }

    @Override
    public void metrics(MeterRegistry registry) {
        Gauge.builder("shopsync.frontpad.uncertain", ledger, FrontpadLedger::uncertain)
                .description("orders that may already be in Frontpad, waiting for shopsync dlq resolve").register(registry);
        Gauge.builder("shopsync.frontpad.account.down", delivery, d -> d.accountError() == null ? 0 : 1)
                .description("1 while Frontpad refuses the account (invalid_secret, invalid_plant, api_off)").register(registry);
        if (articles == null) return;
        FunctionCounter.builder("shopsync.frontpad.unknown.articles", articles, ArticleCheck::unknownArticles)
                .description("new or changed product articles Frontpad does not know").register(registry);
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("closing Frontpad failed: {}", e.getMessage());
            }
        }
    }
}
