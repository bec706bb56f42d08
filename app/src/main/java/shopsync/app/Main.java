package shopsync.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shopsync.app.config.ConfigurationDoc;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.demo.Demo;
import shopsync.app.ops.DeadLetters;
import shopsync.app.ops.Replay;
import shopsync.app.ops.Setup;
import shopsync.app.ops.StatusCommand;
import shopsync.app.runtime.ShopsyncRuntime;

/** The {@code shopsync} command. */
@Command(name = "shopsync", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "shopsync 0.1.0",
        description = "Shop database → Kafka → CRM synchronisation (miniShop2 → RetailCRM).",
        subcommands = {Main.Run.class, Main.Connector.class, Main.Processor.class, Main.Sink.class, Main.DemoCommand.class,
                Main.Status.class, Main.Bench.class, Main.Dlq.class, Main.ReplayCommand.class, Main.ResnapshotCommand.class, Main.SetupCommand.class, Main.ConfigDoc.class})
public final class Main {

    public static void main(String[] args) {
        // Debezium's binlog client logs through java.util.logging: route it to the same log as everything else.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ShopsyncConfig.InvalidConfig invalid) {
                cmd.getErr().println(invalid.getMessage());
                return 2;
            }
            throw e;
        }).execute(args));
    }

    /** Runs some roles until the process is stopped. */
    abstract static class RoleCommand implements Callable<Integer> {
        @Option(names = "--config", description = "YAML configuration file (keys: see docs/configuration.md).")
        Path config;

        abstract Set<ShopsyncRuntime.Role> roles();

        @Override
        public Integer call() throws Exception {
            ShopsyncConfig cfg = ShopsyncConfig.load(config, System.getenv());
            // A dead role ends the process (exit status 1) so that systemd, Docker or Kubernetes start a fresh one.
            ShopsyncRuntime runtime = ShopsyncRuntime.start(cfg, roles(), reason -> new Thread(() -> System.exit(1), "shopsync-exit").start());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runtime.close();
                stopped.countDown();
            }, "shopsync-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "run", description = "Run all roles (connector, processor, sink) in this process.")
    static final class Run extends RoleCommand {
        Set<ShopsyncRuntime.Role> roles() {
            return EnumSet.allOf(ShopsyncRuntime.Role.class);
        }
    }

    @Command(name = "connector", description = "Run the connector role only: capture from and write-back to the shop database.")
    static final class Connector extends RoleCommand {
        Set<ShopsyncRuntime.Role> roles() {
            return EnumSet.of(ShopsyncRuntime.Role.CONNECTOR);
        }
    }

    @Command(name = "processor", description = "Run the processor role only (Kafka Streams).")
    static final class Processor extends RoleCommand {
        Set<ShopsyncRuntime.Role> roles() {
            return EnumSet.of(ShopsyncRuntime.Role.PROCESSOR);
        }
    }

    @Command(name = "sink", description = "Run the sink role only: CRM delivery, webhooks, history polling.")
    static final class Sink extends RoleCommand {
        Set<ShopsyncRuntime.Role> roles() {
            return EnumSet.of(ShopsyncRuntime.Role.SINK);
        }
    }

    @Command(name = "dlq", description = "Dead letters: requests that will not succeed as they are.",
            subcommands = {Dlq.ListCmd.class, Dlq.Show.class, Dlq.Redrive.class})
    static final class Dlq {
        abstract static class Base implements Callable<Integer> {
            @Option(names = "--config", description = "YAML configuration file.")
            Path config;

            @Option(names = "--order", description = "Only this shop order id.")
            String order;

            @Option(names = "--reason", description = "Only dead letters whose reason contains this text.")
            String reason;

            DeadLetters deadLetters() {
                return new DeadLetters(ShopsyncConfig.load(config, System.getenv()), System.out);
            }
        }

        @Command(name = "list", description = "List open dead letters.")
        static final class ListCmd extends Base {
            @Override
            public Integer call() {
                deadLetters().list(order, reason);
                return 0;
            }
        }

        @Command(name = "show", description = "Show open dead letters in full (request, last response, attempts).")
        static final class Show extends Base {
            @Override
            public Integer call() {
                deadLetters().show(order, reason);
                return 0;
            }
        }

        @Command(name = "redrive", description = "Rebuild the selected entities' requests with the current configuration and send them again.")
        static final class Redrive extends Base {
            @Option(names = "--all", description = "Re-drive every open dead letter (needed when no --order/--reason is given).")
            boolean all;

            @Option(names = "--dry-run", description = "Say what would be re-driven, send nothing.")
            boolean dryRun;

            @Override
            public Integer call() {
                if (!all && order == null && reason == null) {
                    System.err.println("say what to re-drive: --order ID, --reason TEXT or --all");
                    return 2;
                }
                deadLetters().redrive(order, reason, dryRun);
                return 0;
            }
        }
    }

    @Command(name = "status", description = "How the running shopsync is doing; exit code 0 all well, 1 needs attention, 2 not running.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--config", description = "YAML configuration file (for ops.port).")
        Path config;

        @Option(names = "--port", description = "Ops port of the process to ask (default: ops.port).")
        Integer port;

        @Override
        public Integer call() {
            int opsPort = port != null ? port : ShopsyncConfig.load(config, System.getenv()).opsPort();
            return StatusCommand.print(opsPort, System.out);
        }
    }

    @Command(name = "bench", description = "Measure capture rate, end-to-end throughput, latency and backlog drain on this machine "
            + "(private MariaDB, embedded broker, RetailCRM emulator); results go to docs/benchmarks.md by hand.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--scenario", defaultValue = "all",
                description = "throughput, latency, drain, all (those three) or memory (--orders 100000, about 10 minutes).")
        String scenario;

        @Option(names = "--orders", defaultValue = "10000", description = "Orders for the throughput scenario.")
        int orders;

        @Option(names = "--rate", defaultValue = "50", description = "Orders per second for the latency scenario.")
        int rate;

        @Option(names = "--seconds", defaultValue = "60", description = "Duration of the latency scenario.")
        int seconds;

        @Option(names = "--backlog", defaultValue = "5000", description = "Orders queued during the outage in the drain scenario.")
        int backlog;

        @Option(names = "--java-options", defaultValue = "-Xmx512m",
                description = "JVM options of the shopsync run process measured by the memory scenario.")
        String javaOptions;

        @Override
        public Integer call() throws Exception {
            shopsync.app.bench.Benchmark bench = new shopsync.app.bench.Benchmark(System.out);
            if (scenario.equals("all") || scenario.equals("throughput")) bench.throughput(orders);
            if (scenario.equals("all") || scenario.equals("latency")) bench.latency(rate, seconds);
            if (scenario.equals("all") || scenario.equals("drain")) bench.drain(backlog);
            if (scenario.equals("memory")) bench.memory(orders, javaOptions);
            return 0;
        }
    }

    @Command(name = "replay", description = "Send the latest state of orders (and customers) again, e.g. after an outage.")
    static final class ReplayCommand implements Callable<Integer> {
        @Option(names = "--config", description = "YAML configuration file.")
        Path config;

        @Option(names = "--target", required = true, description = "retailcrm or frontpad.")
        String target;

        @Option(names = "--from", description = "Changes since (ISO time, e.g. 2026-11-23T10:00 local or 2026-11-23T07:00:00Z).")
        String from;

        @Option(names = "--to", description = "Changes until (default: now).")
        String to;

        @Option(names = "--orders", split = ",", description = "Only these shop order ids (instead of --from).")
        Set<String> orders;

        @Option(names = "--dry-run", description = "Say what would be sent, send nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            if ((from == null) == (orders == null)) {
                System.err.println("give either --from TIME (with --to TIME) or --orders 12,13");
                return 2;
            }
            new Replay(ShopsyncConfig.load(config, System.getenv()), System.out)
                    .run(target, from == null ? null : time(from), to == null ? null : time(to), orders, dryRun);
            return 0;
        }

        private static java.time.Instant time(String text) {
            try {
                return java.time.Instant.parse(text);
            } catch (java.time.format.DateTimeParseException notInstant) {
                return java.time.LocalDateTime.parse(text.replace(' ', 'T')).atZone(java.time.ZoneId.systemDefault()).toInstant();
            }
        }
    }

    @Command(name = "resnapshot", description = "Ask the running capture to read shop tables again (a Debezium blocking snapshot), "
            + "for when the capture itself missed a window.")
    static final class ResnapshotCommand implements Callable<Integer> {
        @Option(names = "--config", description = "YAML configuration file.")
        Path config;

        @Option(names = "--tables", split = ",", description = "Tables without the prefix, e.g. ms2_orders,ms2_order_products.")
        java.util.List<String> tables;

        @Option(names = "--all", description = "Every table the capture reads.")
        boolean all;

        @Override
        public Integer call() {
            if (all == (tables != null)) {
                System.err.println("give --tables a,b or --all");
                return 2;
            }
            ShopsyncConfig cfg = ShopsyncConfig.load(config, System.getenv());
            String asked = shopsync.connector.capture.Resnapshot.request(cfg.kafka().bootstrapForTools(), cfg.shop().database(),
                    cfg.shop().tablePrefix(), all ? shopsync.connector.capture.Resnapshot.allTables() : tables);
            System.out.println("snapshot requested for " + asked + "; the rows arrive as snapshot reads (op r) and are upserts downstream");
            return 0;
        }
    }

    @Command(name = "setup", description = "Prepare the shop: create the 'Ошибка API' status for Frontpad failures if missing.")
    static final class SetupCommand implements Callable<Integer> {
        @Option(names = "--config", description = "YAML configuration file.")
        Path config;

        @Override
        public Integer call() throws Exception {
            Setup.errorStatus(ShopsyncConfig.load(config, System.getenv()).shop(), System.out);
            return 0;
        }
    }

    @Command(name = "config-doc", description = "Print the configuration reference (docs/configuration.md).")
    static final class ConfigDoc implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(ConfigurationDoc.render());
            return 0;
        }
    }

    @Command(name = "demo", description = "Run shopsync against a private MariaDB with the miniShop2 schema, an "
            + "embedded broker and the RetailCRM emulator as sandbox CRM, while a generator places orders the way "
            + "miniShop2 does. Needs no configuration.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--duration", description = "Stop after this long (e.g. 30s, 5m); default: until Ctrl-C.")
        String duration;

        @Option(names = "--orders-per-second", defaultValue = "1", description = "Checkout rate of the generator.")
        double ordersPerSecond;

        @Override
        public Integer call() throws Exception {
            Duration limit = duration == null ? null : Duration.parse("PT" + duration.toUpperCase());
            return new Demo(ordersPerSecond, System.out).run(limit);
        }
    }
}
