package shopsync.sink;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Target;
import shopsync.sink.delivery.SinkSettings;
import shopsync.sink.delivery.SinkStats;
import shopsync.sink.delivery.SinkWorker;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.inbound.ShopOrders;
import shopsync.sink.inbound.WebhookIntake;
import shopsync.sink.inbound.WebhookSettings;

/**
 * The sink role: opens every enabled target, runs one {@link SinkWorker} per target and the targets' background
 * jobs, and serves their webhooks on one port. Every target is run the same way; what differs between CRMs lives in
 * their {@link CrmTarget}. Closing stops everything in the reverse order of starting.
 */
public final class SinkService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkService.class);

    private final String bootstrapServers;
    private final String instanceId;
    private final SinkSettings sink;
    private final WebhookSettings webhookSettings;
    private final List<TargetSettings> targetSettings;
    private final Clock clock;
    private final RandomGenerator random;
    private final MeterRegistry metrics;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Target, Running> running = new LinkedHashMap<>();
    private WebhookIntake webhooks;

    private record Running(CrmTarget target, SinkWorker worker, Thread thread) {}

    public SinkService(String bootstrapServers, String instanceId, SinkSettings sink, WebhookSettings webhooks,
                       List<TargetSettings> targets, Clock clock, RandomGenerator random, MeterRegistry metrics) {
        this.bootstrapServers = bootstrapServers;
        this.instanceId = instanceId;
        this.sink = sink;
        this.webhookSettings = webhooks;
        this.targetSettings = List.copyOf(targets);
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
    }

    /** Starts everything; on failure, what was started is for {@link #close()} to stop. */
    public void start() {
        InboundPublisher inbound = new InboundPublisher(bootstrapServers, clock);
        started.add(inbound);
        ShopOrders shopOrders = new ShopOrders(bootstrapServers, clock);
        started.add(shopOrders);
        TargetContext context = new TargetContext(bootstrapServers, instanceId, inbound, clock, shopOrders);
        // Opening a target reads its ledger topic or asks its CRM (a second or two each): they open side by side.
        List<CompletableFuture<CrmTarget>> opening = targetSettings.stream().filter(TargetSettings::enabled)
                .map(settings -> CompletableFuture.supplyAsync(() -> settings.open(context),
                        r -> new Thread(r, "shopsync-open-" + settings.getClass().getSimpleName()).start()))
                .toList();
        try {
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // What did open is for close() to stop.
            opening.stream().filter(open -> !open.isCompletedExceptionally()).forEach(open -> started.add(open.join()));
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        for (CompletableFuture<CrmTarget> open : opening) {
            CrmTarget target = open.join();
            started.add(target);
            run(target);
        }
        if (webhookSettings.enabled()) startWebhooks(inbound);
    }

    private void run(CrmTarget target) {
        SinkWorker worker = new SinkWorker(bootstrapServers, instanceId, target.delivery(), sink, clock, random);
        worker.onDeadLetter(target.onDeadLetter());
        worker.stats().metrics(target.target().name(), metrics);
        target.metrics(metrics);
        Thread thread = background("shopsync-sink-" + target.target().name(), worker, worker);
        running.put(target.target(), new Running(target, worker, thread));
        target.pollers().forEach(this::schedule);
        target.loops().forEach(loop -> background(loop.name(), loop.body(), loop.stop()));
    }

    private void startWebhooks(InboundPublisher inbound) {
        List<CrmTarget> targets = running.values().stream().map(Running::target).toList();
        try {
            webhooks = new WebhookIntake(webhookSettings.port(), webhookSettings.secret(),
                    targets.stream().map(CrmTarget::webhooks).filter(Objects::nonNull).toList(), inbound);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for webhooks on port " + webhookSettings.port() + ": " + e.getMessage(), e);
        }
        started.add(webhooks);
        targets.forEach(t -> t.pages().forEach(webhooks::route));
        log.info("webhooks: listening on port {}", webhooks.port());
    }

    /** Runs the poller now and then every interval after a run ends; a failed run is logged and the next one comes anyway. */
    private void schedule(Poller poller) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, poller.name()));
        timer.scheduleWithFixedDelay(() -> {
            try {
                poller.pollOnce().call();
            } catch (Exception e) {
                log.warn("{} failed: {}; next run in {} ms", poller.name(), e.getMessage(), poller.interval().toMillis());
            }
        }, 0, poller.interval().toMillis(), TimeUnit.MILLISECONDS);
        started.add(() -> {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        });
    }

    private Thread background(String name, Runnable body, AutoCloseable stop) {
        Thread thread = new Thread(body, name);
        started.add(() -> {
            stop.close();
            thread.join(15_000);
        });
        thread.start();
        return thread;
    }

    /** Per running target, in the order they were started. */
    public List<TargetStatus> status() {
        return running.values().stream().map(r -> new TargetStatus(r.target().target(), r.thread().isAlive(), r.worker().stats(),
                r.target().budgetWaitedMs(), r.target().progress(), r.target().attention())).toList();
    }

    /** The running target's delivery statistics, or null when it is not running here. */
    public SinkStats stats(Target target) {
        Running r = running.get(target);
        return r == null ? null : r.worker().stats();
    }

    /** The webhook intake, when enabled. */
    public WebhookIntake webhooks() {
        return webhooks;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping the sink", e);
            }
        }
        started.clear();
    }
}
