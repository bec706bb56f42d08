package shopsync.app.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import shopsync.app.config.OpsSettings;
import shopsync.app.console.OpsConsole;
import shopsync.events.Json;
import shopsync.http.JsonHttpServer;

/**
 * The ops endpoints of one shopsync process: {@code /metrics} (Prometheus text), {@code /health} (readiness and
 * liveness per role; 503 when a role is not ready), {@code /health/live}, {@code /status} (what
 * {@code shopsync status} prints) and the web console ({@code /console}). It listens on {@code ops.bind-address}
 * (loopback unless configured otherwise).
 */
final class OpsServer implements AutoCloseable {
    private final JsonHttpServer server;
    private final OpsConsole console;

    OpsServer(OpsSettings settings, StatusReport report, OpsConsole console) {
        this.console = console;
        try {
            JsonHttpServer.Builder builder = JsonHttpServer.on(settings.address()).backlog(16).threads(4, "shopsync-ops")
                    .route("/metrics", ex -> JsonHttpServer.reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", report.scrape()))
                    .route("/health/live", ex -> {
                        ObjectNode health = report.health();
                        JsonHttpServer.json(ex, health.path("live").asBoolean() ? 200 : 503, Json.write(health));
                    })
                    .route("/health", ex -> {
                        ObjectNode health = report.health();
                        JsonHttpServer.json(ex, health.path("ready").asBoolean() ? 200 : 503, Json.write(health));
                    })
                    .route("/status", ex -> JsonHttpServer.json(ex, 200, Json.write(report.status())));
            console.routes().forEach(builder::route);
            server = builder.start();
        } catch (IOException e) {
            console.close();
            throw new UncheckedIOException("cannot listen on ops.bind-address " + settings.bindAddress() + ", ops.port " + settings.port(), e);
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        console.close();
    }
}
