package shopsync.app.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import shopsync.app.config.PreflightSettings;
import shopsync.app.config.ShopsyncConfig;

/**
 * The preflight: talks to the real parts shopsync is configured for — the shop's database, RetailCRM, Frontpad — and
 * says, check by check, whether a start would work ({@code shopsync check}; {@code shopsync run} makes the same checks
 * before it starts). Usage:
 *
 * <pre>{@code
 * CheckReport report = Preflight.run(config);
 * if (!report.startWouldWork()) System.err.print(report.text());
 * }</pre>
 *
 * <p>The areas are checked in parallel, every remote call with a timeout of at most {@link #TIMEOUT}, so the whole run
 * takes about one database round and two CRM rounds, and never much more than {@link #TIMEOUT} twice. It never
 * writes anything, anywhere, and never throws: what cannot be checked is an entry of its own. Safe to call from
 * several threads (each call has its own connections).
 */
public final class Preflight {
    /** The longest any single connection or request of the preflight may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    private Preflight() {}

    /** Checks everything {@code config} names; the report lists the shop database, RetailCRM, Frontpad, then webhooks. */
    public static CheckReport run(ShopsyncConfig config) {
        return run(config.preflight());
    }

    static CheckReport run(PreflightSettings settings) {
        long start = System.nanoTime(); // measures a duration, not a time of day
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "shopsync-preflight");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<ShopDatabaseCheck.Result> shop = CompletableFuture.supplyAsync(() -> ShopDatabaseCheck.run(settings, TIMEOUT), pool)
                    .exceptionally(e -> new ShopDatabaseCheck.Result(failed("shop database", e), null));
            CompletableFuture<ShopFacts> facts = shop.thenApply(ShopDatabaseCheck.Result::facts);
            CompletableFuture<RetailCrmCheck.Result> retailCrm = settings.retailCrm() == null
                    ? CompletableFuture.completedFuture(new RetailCrmCheck.Result(List.of(), -1))
                    : CompletableFuture.supplyAsync(() -> RetailCrmCheck.run(settings.retailCrm(), settings.draftStatuses(), facts, TIMEOUT, pool), pool)
                    .exceptionally(e -> new RetailCrmCheck.Result(failed("retailcrm", e), -1));
            CompletableFuture<List<CheckReport.Entry>> frontpad = settings.frontpad() == null
                    ? CompletableFuture.completedFuture(List.of())
                    : CompletableFuture.supplyAsync(() -> FrontpadCheck.run(settings.frontpad(), facts, TIMEOUT), pool)
                    .exceptionally(e -> failed("frontpad", e));
            List<CheckReport.Entry> entries = new ArrayList<>(shop.join().entries());
            entries.addAll(retailCrm.join().entries());
            entries.addAll(frontpad.join());
            entries.addAll(WebhookCheck.run(settings, retailCrm.join().stores()));
            return new CheckReport(entries, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A check that broke is not a verdict on the parts: a warning, so it never stops a start by itself. */
    private static List<CheckReport.Entry> failed(String area, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return List.of(new CheckReport.Entry(area, "checks", CheckReport.Outcome.WARNING,
                "could not be completed: " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                "run shopsync check again; if it persists, report it with this line"));
    }
}
