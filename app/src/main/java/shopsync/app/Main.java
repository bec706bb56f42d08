package shopsync.app;

import java.nio.file.Path;
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
import shopsync.app.ops.DeadLetters;
import shopsync.app.ops.Replay;
import shopsync.app.ops.Setup;
import shopsync.app.ops.StatusCommand;
import shopsync.app.runtime.ShopsyncRuntime;

/**
 * The {@code shopsync} command. The demo module's main class adds {@code demo} and {@code bench} to the same
 * command line ({@link #commandLine()}).
 */
@Command(name = "shopsync", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "shopsync 0.1.0",
        description = {"Shop database → Kafka → CRM synchronisation (miniShop2 → RetailCRM).",
                "The launcher script also runs `demo` and `bench` (the demo module: shopsync on the test kit)."},
        subcommands = {Main.Run.class, Main.Connector.class, Main.Processor.class, Main.Sink.class,
                Main.Status.class, Main.Dlq.class, Main.ReplayCommand.class, Main.ResnapshotCommand.class, Main.SetupCommand.class, Main.ConfigDoc.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /** The {@code shopsync} command line: every subcommand of the application, and the answer to an invalid configuration. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ShopsyncConfig.InvalidConfig invalid) {
                cmd.getErr().println(invalid.getMessage());
                return 2;
            }
            throw e;
        });
    }

    /** Runs {@code commandLine} as a process's main does, with java.util.logging routed to the log; returns the exit code. */
    public static int execute(CommandLine commandLine, String... args) {
        // Debezium's binlog client logs through java.util.logging: route it to the same log as everything else.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        return commandLine.execute(args);
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
}
