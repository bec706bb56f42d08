package shopsync.app.ops;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shopsync.app.config.ShopsyncConfig;
import shopsync.connector.capture.Resnapshot;

@Command(name = "resnapshot", description = "Ask the running capture to read shop tables again (a Debezium blocking snapshot), "
        + "for when the capture itself missed a window.")
public final class ResnapshotCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML configuration file.")
    Path config;

    @Option(names = "--tables", split = ",", description = "Tables without the prefix, e.g. ms2_orders,ms2_order_products.")
    List<String> tables;

    @Option(names = "--all", description = "Every table the capture reads.")
    boolean all;

    @Override
    public Integer call() {
        if (all == (tables != null)) {
            System.err.println("give --tables a,b or --all");
            return 2;
        }
        ShopsyncConfig cfg = ShopsyncConfig.load(config, System.getenv());
        String asked = Resnapshot.request(cfg.kafka().bootstrapForTools(), cfg.shop().database(),
                cfg.shop().tablePrefix(), all ? Resnapshot.allTables() : tables);
        System.out.println("snapshot requested for " + asked + "; the rows arrive as snapshot reads (op r) and are upserts downstream");
        return 0;
    }
}
