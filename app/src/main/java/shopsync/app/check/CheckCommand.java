package shopsync.app.check;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shopsync.app.config.ShopsyncConfig;

@Command(name = "check", description = {"Preflight: check the shop database, RetailCRM, Frontpad and the webhook settings as configured, "
        + "one line per check (ok / problem / what to do).", "Exit code 0 when a start would work, 1 when not, 2 for an invalid configuration."})
public final class CheckCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML configuration file (keys: see docs/configuration.md).")
    Path config;

    @Override
    public Integer call() {
        CheckReport report = Preflight.run(ShopsyncConfig.load(config, System.getenv()));
        System.out.print(report.text());
        return report.startWouldWork() ? 0 : 1;
    }
}
