package shopsync.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * A small HTTP server on the JDK's {@link HttpServer}: one address, a fixed pool of handler threads, routes by
 * path prefix, and reply helpers for JSON and text. Every exchange is closed after its route ran.
 */
public final class JsonHttpServer implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer waits ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private JsonHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A server to listen on {@code address} (port 0: a free one); add routes, then {@link Builder#start()}. */
    public static Builder on(InetSocketAddress address) {
        return new Builder(address);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code path} from now on too, for routes that are known only once the server runs. */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, closing(handler));
    }

    private static HttpHandler closing(HttpHandler handler) {
        return exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        };
    }

    /** Answers {@code status} with a JSON body ({@code application/json; charset=utf-8}). */
    public static void json(HttpExchange exchange, int status, String json) throws IOException {
        reply(exchange, status, "application/json; charset=utf-8", json);
    }

    /** Answers {@code status} with a body of the given content type, UTF-8 encoded. */
    public static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Address, threads and routes of a server not yet started. */
    public static final class Builder {
        private final InetSocketAddress address;
        private final Map<String, HttpHandler> routes = new LinkedHashMap<>();
        private int backlog;
        private int threads = 4;
        private String threadName;

        private Builder(InetSocketAddress address) {
            this.address = address;
        }

        /** Handler threads, named {@code name} (null: the JDK's default names). */
        public Builder threads(int count, String name) {
            this.threads = count;
            this.threadName = name;
            return this;
        }

        /** Connections that may wait to be accepted (0: the system default). */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** Requests whose path starts with {@code path} (the longest matching route wins). */
        public Builder route(String path, HttpHandler handler) {
            routes.put(path, handler);
            return this;
        }

        public JsonHttpServer start() throws IOException {
            HttpServer server = HttpServer.create(address, backlog);
            ThreadFactory factory = threadName == null ? Executors.defaultThreadFactory() : r -> new Thread(r, threadName);
            ExecutorService executor = Executors.newFixedThreadPool(threads, factory);
            routes.forEach((path, handler) -> server.createContext(path, closing(handler)));
            server.setExecutor(executor);
            server.start();
            return new JsonHttpServer(server, executor);
        }
    }
}
