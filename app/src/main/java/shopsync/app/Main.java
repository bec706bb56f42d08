package shopsync.app;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import shopsync.app.check.CheckCommand;
import shopsync.app.check.CheckReport;
import shopsync.app.check.Preflight;
import shopsync.app.config.ConfigurationDoc;
import shopsync.app.config.OpsSettings;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.ops.DlqCommand;
import shopsync.app.ops.ReplayCommand;
import shopsync.app.ops.ResnapshotCommand;
import shopsync.app.ops.SetupCommand;
import shopsync.app.ops.StatusCommand;
import shopsync.app.ops.TrailCommand;
import shopsync.app.runtime.ShopsyncRuntime;

/**
 * The {@code shopsync} command. The demo module's main class adds {@code demo} and {@code bench} to the same
 * command line ({@link #commandLine()}).
 */
@Command(name = "shopsync", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "shopsync 0.1.0",
        description = {"Shop database → Kafka → CRM synchronisation (miniShop2 → RetailCRM).",
                "The launcher script also runs `demo` and `bench` (the demo module: shopsync on the test kit)."},
        subcommands = {Main.Run.class, Main.Connector.class, Main.Processor.class, Main.Sink.class,
                Main.Status.class, CheckCommand.class, TrailCommand.class, DlqCommand.class, ReplayCommand.class, ResnapshotCommand.class, SetupCommand.class,
                Main.ConfigDoc.class})
public final class Main {
    /** Exit code of {@code shopsync run} when the preflight found a problem. */
    public static final int PREFLIGHT_FAILED = 3;
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /** The {@code shopsync} command line: every subcommand of the application, and the answer to an invalid configuration. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionStrategy(Main::refuseUnknownCommands).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ShopsyncConfig.InvalidConfig invalid) {
                cmd.getErr().println(invalid.getMessage());
                return 2;
            }
            throw e;
        });
    }

    /**
     * picocli lets {@code --help} win over an argument it did not recognise, so {@code shopsync foo --help} printed the
     * top-level help and exited 0: an unknown command (or any stray argument) is an error, with or without help.
     */
    private static int refuseUnknownCommands(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
        }
        return new CommandLine.RunLast().execute(parsed);
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

        /** Whether the roles may start; a command that may not has said why. */
        boolean mayStart(ShopsyncConfig cfg) {
            return true;
        }

        @Override
        public Integer call() throws Exception {
            ShopsyncConfig cfg = ShopsyncConfig.load(config, System.getenv());
            // The preflight talks to the shop and the CRMs, not to Kafka: it runs while the broker starts.
            CompletableFuture<Boolean> mayStart = CompletableFuture.supplyAsync(() -> mayStart(cfg));
            // A dead role ends the process (exit status 1) so that systemd, Docker or Kubernetes start a fresh one.
            ShopsyncRuntime runtime = ShopsyncRuntime.start(cfg, roles(), reason -> new Thread(() -> System.exit(1), "shopsync-exit").start(),
                    mayStart::join);
            if (runtime == null) return PREFLIGHT_FAILED;
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runtime.close();
                stopped.countDown();
            }, "shopsync-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "run", description = {"Run all roles (connector, processor, sink) in this process.",
            "Makes the checks of `shopsync check` first: a problem stops the start (exit code 3), warnings are logged."})
    static final class Run extends RoleCommand {
        @Option(names = "--skip-check", description = "Start without the preflight (when a check is wrong about your setup).")
        boolean skipCheck;

        Set<ShopsyncRuntime.Role> roles() {
            return EnumSet.allOf(ShopsyncRuntime.Role.class);
        }

        @Override
        boolean mayStart(ShopsyncConfig cfg) {
            if (skipCheck) {
                log.warn("preflight skipped (--skip-check)");
                return true;
            }
            CheckReport report = Preflight.run(cfg);
            if (!report.startWouldWork()) {
                System.err.print(report.text());
                log.error("preflight: {} problem(s), shopsync does not start; fix them (shopsync check --config … shows the report "
                        + "again) or start with --skip-check", report.problems().size());
                return false;
            }
            report.warnings().forEach(w -> log.warn("preflight: {}", w.line()));
            log.info("preflight: {} checks in {} ms, {} warning(s)", report.entries().size(), report.took().toMillis(), report.warnings().size());
            return true;
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

    @Command(name = "status", description = "How the running shopsync is doing; exit code 0 all well, 1 needs attention, 2 not running.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--config", description = "YAML configuration file (for ops.port and ops.bind-address).")
        Path config;

        @Option(names = "--port", description = "Ops port of the process to ask (default: ops.port).")
        Integer port;

        @Override
        public Integer call() {
            if (port != null) return StatusCommand.print("127.0.0.1", port, System.out);
            OpsSettings ops = ShopsyncConfig.load(config, System.getenv()).ops();
            return StatusCommand.print(ops.hostForTools(), ops.port(), System.out);
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
