package shopsync.app.ops;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shopsync.app.config.ShopsyncConfig;

@Command(name = "replay", description = "Send the latest state of orders (and customers) again, e.g. after an outage.")
public final class ReplayCommand implements Callable<Integer> {
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

    private static Instant time(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            return LocalDateTime.parse(text.replace(' ', 'T')).atZone(ZoneId.systemDefault()).toInstant();
        }
    }
}
