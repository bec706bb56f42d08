package shopsync.app.ops;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shopsync.app.config.ShopsyncConfig;

@Command(name = "setup", description = "Prepare the shop: create the 'Ошибка API' status for Frontpad failures if missing.")
public final class SetupCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML configuration file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        Setup.errorStatus(ShopsyncConfig.load(config, System.getenv()).shop(), System.out);
        return 0;
    }
}
