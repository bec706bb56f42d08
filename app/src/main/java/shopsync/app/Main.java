package shopsync.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shopsync.app.config.ConfigurationDoc;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.demo.Demo;
import shopsync.app.runtime.ShopsyncRuntime;

/** The {@code shopsync} command. */
@Command(name = "shopsync", mixinStandardHelpOptions = true, version = "shopsync 0.1.0",
        description = "Shop database → Kafka → CRM synchronisation (miniShop2 → RetailCRM).",
        subcommands = {Main.Run.class, Main.DemoCommand.class, Main.ConfigDoc.class})
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

    @Command(name = "run", description = "Run all roles (capture, processor, sink) in this process.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--config", description = "YAML configuration file (keys: see docs/configuration.md).")
        Path config;

        @Override
        public Integer call() throws Exception {
            ShopsyncConfig cfg = ShopsyncConfig.load(config, System.getenv());
            ShopsyncRuntime runtime = ShopsyncRuntime.start(cfg);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runtime.close();
                stopped.countDown();
            }, "shopsync-shutdown"));
            stopped.await();
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
