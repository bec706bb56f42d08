package shopsync.sink.frontpad;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
import shopsync.sink.frontpad.FrontpadBudget.Use;
import shopsync.sink.inbound.ShopOrders;
import shopsync.sink.inbound.WebhookDialect;
import shopsync.sink.notify.Mailer;

/**
 * Frontpad: creates orders once through its ledger, polls their statuses (FrontpadApi's cron), takes its status
 * webhook, checks product articles, serves the shop pages' checks, and makes a refused order visible.
 */
final class FrontpadTarget implements CrmTarget {
    private static final Duration LEDGER_REFRESH = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(FrontpadTarget.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration SHOP_REFRESH = Duration.ofSeconds(5);
    private final FrontpadSettings settings;
    private final TargetContext context;
    private final FrontpadBudget budget;
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
        this.budget = new FrontpadBudget(settings.requestsPerMinute(), settings.rateLimit(), context.clock());
        this.client = opened(new FrontpadClient(settings.url(), settings.secret(), settings.timeout(), budget));
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
    public long budgetWaitedMs() {
        return budget.waitedMs();
    }

    @Override
    public List<Poller> pollers() {
        List<Integer> only = settings.checkStatuses();
        ShopFinalStatuses finals = new ShopFinalStatuses(context.bootstrapServers(), Duration.ofMinutes(10), context.clock());
        Predicate<Integer> checked = only.isEmpty() ? status -> status == null || !finals.isFinal(status) : only::contains;
        FrontpadStatusPoller poller = new FrontpadStatusPoller(client, ledger, context.inbound(), shop::statusOf, checked,
                settings.checkAge(), settings.perOrderCheckInterval(), context.clock());
        // A short tick: each run checks what is due and what the budget leaves, so the checks spread over the minute.
        Duration tick = settings.perOrderCheckInterval().compareTo(TICK) < 0 ? settings.perOrderCheckInterval() : TICK;
        AtomicLong ledgerReadAt = new AtomicLong();
        return List.of(new Poller("shopsync-frontpad-poller", tick, () -> {
            shop.refreshIfOlder(SHOP_REFRESH);
            // Takes in what shopsync dlq resolve wrote: a whole read of the ledger, so at most every half minute.
            long now = context.clock().millis();
            if (ledger.uncertain() > 0 && now - ledgerReadAt.get() >= LEDGER_REFRESH.toMillis()) {
                ledger.refresh();
                ledgerReadAt.set(now);
            }
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
        for (Use use : Use.values()) {
            FunctionCounter.builder("shopsync.frontpad.budget.used", budget, b -> b.used(use)).tag("kind", use.tag())
                    .description("Frontpad requests let through by the account's budget").register(registry);
            FunctionCounter.builder("shopsync.frontpad.budget.waited.ms", budget, b -> b.waitedMs(use)).tag("kind", use.tag())
                    .description("time Frontpad requests waited for the account's budget").register(registry);
        }
        Gauge.builder("shopsync.frontpad.budget.background.left", budget, FrontpadBudget::backgroundLeft)
                .description("requests left this minute for polls and checks after the new orders' reserve").register(registry);
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
