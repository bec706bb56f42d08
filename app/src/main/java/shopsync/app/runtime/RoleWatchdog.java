package shopsync.app.runtime;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at every role four times a second. A part that is not live (it cannot work and will not recover by itself) for
 * longer than {@code grace} is reported once to {@code onDead}, which ends the process so that its supervisor
 * (systemd, Docker, Kubernetes) starts a fresh one. {@code shopsync.role.live} says the same to monitoring.
 */
final class RoleWatchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoleWatchdog.class);
    /** Often enough to time a start to a quarter second; a check only reads each role's state. */
    private static final long CHECK_MS = 250;

    private final List<RoleService> roles;
    private final Duration grace;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Consumer<String> onDead;
    private final Map<String, Long> deadSince = new ConcurrentHashMap<>();
    private final Map<String, Boolean> live = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "shopsync-watchdog"));
    private volatile boolean reported;
    private volatile boolean wasReady;
    private final Set<String> readyOnce = ConcurrentHashMap.newKeySet();

    RoleWatchdog(List<RoleService> roles, Duration grace, Clock clock, MeterRegistry metrics, Consumer<String> onDead) {
        this.roles = roles;
        this.grace = grace;
        this.clock = clock;
        this.metrics = metrics;
        this.onDead = onDead;
    }

    /** Whether every part was ready at the last check: "running" is said only then. */
    boolean ready() {
        return wasReady;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    void check() {
        try {
            long now = clock.millis();
            boolean allReady = true;
            for (RoleService role : roles) {
                for (RoleService.Part part : role.health()) {
                    if (live.put(part.name(), part.live()) == null) {
                        Gauge.builder("shopsync.role.live", live, m -> Boolean.TRUE.equals(m.get(part.name())) ? 1 : 0)
                                .tag("role", part.name()).description("1 while the role works or can recover, 0 when it is dead")
                                .register(metrics);
                    }
                    allReady &= part.ready();
                    // Where a start goes: each part's first ready moment, counted from the JVM's start.
                    if (part.ready() && readyOnce.add(part.name())) log.info("{} ready {} ms after the process started", part.name(), uptimeMs());
                    if (part.live()) {
                        deadSince.remove(part.name());
                        continue;
                    }
                    long since = deadSince.computeIfAbsent(part.name(), n -> now);
                    if (now - since >= grace.toMillis() && !reported) {
                        reported = true;
                        String reason = part.name() + " can no longer work" + (part.state() == null ? "" : " (" + part.state() + ")");
                        log.error("{}; shopsync exits so that its supervisor starts it again", reason);
                        onDead.accept(reason);
                    }
                }
            }
            if (allReady != wasReady) {
                wasReady = allReady;
                if (allReady) {
                    log.info("shopsync running: {} (ready {} ms after the process started, {} ms of CPU)", live.keySet(), uptimeMs(), cpuMs());
                } else {
                    log.warn("shopsync not ready: {}", live.keySet());
                }
            }
        } catch (RuntimeException e) {
            log.warn("watchdog check failed: {}", e.toString());
        }
    }

    private static long cpuMs() {
        return ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime() / 1_000_000;
    }

    private static long uptimeMs() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
