package shopsync.demo;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shopsync.app.Main;
import shopsync.demo.bench.Benchmark;

/** The {@code shopsync} command with {@code demo} and {@code bench} added: what {@code ./shopsync demo|bench} runs. */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String[] args) {
        System.exit(Main.execute(commandLine(), args));
    }

    /** The application's command line plus {@code demo} and {@code bench}. */
    public static CommandLine commandLine() {
        return Main.commandLine().addSubcommand(new DemoCommand()).addSubcommand(new BenchCommand());
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

    @Command(name = "bench", description = "Measure capture rate, end-to-end throughput, latency and backlog drain on this machine "
            + "(private MariaDB, embedded broker, RetailCRM emulator); results go to docs/benchmarks.md by hand.")
    static final class BenchCommand implements Callable<Integer> {
        @Option(names = "--scenario", defaultValue = "all",
                description = "throughput, latency, drain, all (those three), memory (--orders 100000, about 10 minutes), start "
                        + "or feed (the ICML feed of --offers offers).")
        String scenario;

        @Option(names = "--orders", defaultValue = "10000", description = "Orders for the throughput scenario.")
        int orders;

        @Option(names = "--rate", defaultValue = "50", description = "Orders per second for the latency scenario.")
        int rate;

        @Option(names = "--seconds", defaultValue = "60", description = "Duration of the latency scenario.")
        int seconds;
        @Option(names = "--warm-up", defaultValue = "60", description = "Seconds of unmeasured orders at the same pace before the "
                + "latency scenario measures (the JIT compiler's work after a start; docs/benchmarks.md).")
        int warmUpSeconds;

        @Option(names = "--backlog", defaultValue = "5000", description = "Orders queued during the outage in the drain scenario.")
        int backlog;

        @Option(names = "--offers", defaultValue = "50000", description = "Offers in the catalog of the feed scenario.")
        int offers;

        @Option(names = "--java-options", defaultValue = "",
                description = "JVM options of the shopsync run process measured by the memory and start scenarios; "
                        + "default: the launcher's (config/jvm.options).")
        String javaOptions;

        @Override
        public Integer call() throws Exception {
            Benchmark bench = new Benchmark(System.out);
            if (scenario.equals("all") || scenario.equals("throughput")) bench.throughput(orders);
            if (scenario.equals("all") || scenario.equals("latency")) bench.latency(rate, seconds, warmUpSeconds);
            if (scenario.equals("all") || scenario.equals("drain")) bench.drain(backlog);
            if (scenario.equals("memory")) bench.memory(orders, javaOptions);
            if (scenario.equals("feed")) bench.feed(offers);
            if (scenario.equals("start")) bench.start(javaOptions);
            return 0;
        }
    }
}
