package shopsync.app.ops;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shopsync.app.config.ShopsyncConfig;

@Command(name = "dlq", description = "Dead letters: requests that will not succeed as they are.",
        subcommands = {DlqCommand.ListCmd.class, DlqCommand.Show.class, DlqCommand.Redrive.class, DlqCommand.Resolve.class})
public final class DlqCommand {
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

    @Command(name = "resolve", description = "Settle a Frontpad order that may already be in Frontpad (check its orders by the phone and time "
            + "in the reason first).")
    static final class Resolve extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Outcome outcome;

        static final class Outcome {
            @Option(names = "--sent", paramLabel = "FRONTPAD_ORDER_ID", description = "It is in Frontpad with this order id: record it, never send it.")
            Long sent;

            @Option(names = "--not-sent", description = "It is not in Frontpad: clear the marker and send it once.")
            boolean notSent;
        }

        @Override
        public Integer call() {
            if (order == null) {
                System.err.println("say which order: --order ID");
                return 2;
            }
            return deadLetters().resolve(order, outcome.sent);
        }
    }
}
