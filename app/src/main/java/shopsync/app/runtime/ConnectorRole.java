package shopsync.app.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import shopsync.app.config.ShopsyncConfig;
import shopsync.connector.capture.ShopCapture;
import shopsync.connector.writeback.StatusWriteBack;

/** Everything that touches the shop database: the capture (Debezium) and the status write-back. */
final class ConnectorRole implements RoleService {
    private final ShopCapture capture;
    private final StatusWriteBack writeBack;
    private final Thread writeBackThread;

    ConnectorRole(ShopsyncConfig config, String bootstrapServers, MeterRegistry metrics) {
        this.capture = new ShopCapture(config.capture(bootstrapServers), Clock.systemUTC(), new Random());
        this.writeBack = new StatusWriteBack(bootstrapServers, config.kafka().instanceId(), config.writeBack(), Clock.systemUTC(),
                new Random());
        this.writeBackThread = new Thread(writeBack, "shopsync-writeback");
        FunctionCounter.builder("shopsync.cdc.events", capture, ShopCapture::forwarded)
                .description("row events captured from the shop's binlog").register(metrics);
    }

    @Override
    public void start() {
        capture.start();
        writeBackThread.start();
    }

    ShopCapture capture() {
        return capture;
    }

    @Override
    public List<Part> health() {
        boolean live = capture.fatal() == null && writeBackThread.isAlive();
        // Ready once it follows the binlog: an order the shop commits before that is part of the snapshot (a backfill).
        boolean following = capture.following();
        return List.of(new Part("connector", live, live && capture.running() && following, following ? null : "initial snapshot"));
    }

    @Override
    public void close() {
        writeBack.close();
        try {
            writeBackThread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        capture.close();
    }
}
