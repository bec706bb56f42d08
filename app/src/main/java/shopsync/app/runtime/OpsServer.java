package shopsync.app.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import shopsync.events.Json;

/**
 * The ops endpoints of one shopsync process: {@code /metrics} (Prometheus text), {@code /health} (readiness and
 * liveness per role; 503 when a role is not ready), {@code /health/live}, and {@code /status} (what
 * {@code shopsync status} prints).
 */
final class OpsServer implements AutoCloseable {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "shopsync-ops"));

    OpsServer(int port, StatusReport report) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on ops.port " + port, e);
        }
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", report.scrape()));
        server.createContext("/health/live", ex -> {
            ObjectNode health = report.health();
            respond(ex, health.path("live").asBoolean() ? 200 : 503, "application/json", Json.write(health));
        });
        server.createContext("/health", ex -> {
            ObjectNode health = report.health();
            respond(ex, health.path("ready").asBoolean() ? 200 : 503, "application/json", Json.write(health));
        });
        server.createContext("/status", ex -> respond(ex, 200, "application/json", Json.write(report.status())));
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
