package shopsync.app.ops;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shopsync.app.config.ShopsyncConfig;

@Command(name = "trail", description = "What happened to one order, step by step: captured, assembled, each request and answer, "
        + "CRM events, write-backs, drops. Exit code 1: nothing known of the order; 2: Kafka unreachable.")
public final class TrailCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML configuration file.")
    Path config;

    @Option(names = "--order", required = true, paramLabel = "ID|NUMBER",
            description = "Shop order id (57) or miniShop2 number (2611/57, also 2611-57).")
    String order;

    @Option(names = "--limit", description = "Show at most this many latest entries (default: trail.max-entries).")
    Integer limit;

    @Override
    public Integer call() {
        ShopsyncConfig cfg = ShopsyncConfig.load(config, System.getenv());
        try {
            OrderTrail trail = Trail.read(cfg.kafka().bootstrapForTools(), cfg.shop(), order,
                    limit != null && limit > 0 ? limit : cfg.trail().maxEntries());
            System.out.print(trail.render(ZoneId.systemDefault()));
            return 0;
        } catch (Trail.UnknownOrder e) {
            System.out.println(e.getMessage());
            return 1;
        } catch (KafkaException e) {
            System.out.println("cannot read the trail from Kafka at " + cfg.kafka().bootstrapForTools() + " (" + e.getMessage()
                    + "): is shopsync's broker running?");
            return 2;
        }
    }
}
