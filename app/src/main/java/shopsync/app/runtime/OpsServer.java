package shopsync.app.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import shopsync.events.Json;
import shopsync.http.JsonHttpServer;

/**
 * The ops endpoints of one shopsync process: {@code /metrics} (Prometheus text), {@code /health} (readiness and
 * liveness per role; 503 when a role is not ready), {@code /health/live}, and {@code /status} (what
 * {@code shopsync status} prints).
 */
final class OpsServer implements AutoCloseable {
    private final JsonHttpServer server;

    OpsServer(int port, StatusReport report) {
        try {
            server = JsonHttpServer.on(new InetSocketAddress(port)).backlog(16).threads(2, "shopsync-ops")
                    .route("/metrics", ex -> JsonHttpServer.reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", report.scrape()))
                    .route("/health/live", ex -> {
                        ObjectNode health = report.health();
                        JsonHttpServer.json(ex, health.path("live").asBoolean() ? 200 : 503, Json.write(health));
                    })
                    .route("/health", ex -> {
                        ObjectNode health = report.health();
                        JsonHttpServer.json(ex, health.path("ready").asBoolean() ? 200 : 503, Json.write(health));
                    })
                    .route("/status", ex -> JsonHttpServer.json(ex, 200, Json.write(report.status())))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on ops.port " + port, e);
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
