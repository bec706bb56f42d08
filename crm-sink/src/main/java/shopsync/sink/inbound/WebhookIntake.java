package shopsync.sink.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CrmEvent;
import shopsync.events.Json;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;
import shopsync.http.FormRequest;
import shopsync.http.JsonHttpServer;

/**
 * The HTTP endpoint CRM triggers call ({@code /webhooks/<target>}), one {@link WebhookDialect} per enabled CRM.
 * Every request must carry the secret (last path segment or {@code X-Shopsync-Token}); it is answered 2xx only
 * after its event is durable in {@code crm.inbound}, so the CRM's own retry covers a crash. Form fields, query
 * fields and JSON bodies are read alike; what they mean is the dialect's business. Anything it does not accept is
 * a 4xx with the reason, counted, and never reaches the shop.
 */
public final class WebhookIntake implements AutoCloseable {
    static final String BASE = "/webhooks";
    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    private static final int MAX_BODY = 64 * 1024;

    private final JsonHttpServer server;
    private final byte[] secretDigest;
    private final Map<String, WebhookDialect> dialects;
    private final InboundPublisher publisher;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public WebhookIntake(int port, String secret, List<WebhookDialect> dialects, InboundPublisher publisher) throws IOException {
        if (secret == null || secret.length() < 16) throw new IllegalArgumentException("webhooks.secret must have at least 16 characters");
        this.secretDigest = sha256(secret);
        this.dialects = dialects.stream().collect(Collectors.toUnmodifiableMap(WebhookDialect::path, Function.identity()));
        this.publisher = publisher;
        this.server = JsonHttpServer.on(new InetSocketAddress(port)).backlog(64).threads(4, "shopsync-webhooks")
                .route("/", this::handle).start();
    }

    /** Serves another endpoint on the same port (e.g. the customer-facing Frontpad checks). */
    public void route(String path, HttpHandler handler) {
        server.route(path, handler);
    }

    public int port() {
        return server.port();
    }

    /** Requests by outcome ({@code accepted}, {@code unauthorized}, {@code bad-request}, {@code unknown-order}, …). */
    public Map<String, Long> counts() {
        Map<String, Long> copy = new LinkedHashMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            reply = answer(exchange);
        } catch (RuntimeException e) {
            log.error("webhook failed unexpectedly", e);
            reply = new Reply(500, "internal-error", "internal error");
        }
        counts.computeIfAbsent(reply.counter, k -> new AtomicLong()).incrementAndGet();
        ObjectNode body = Json.object().put("accepted", reply.status < 300 && reply.counter.equals("accepted"));
        body.put(reply.status < 300 ? "detail" : "error", reply.message);
        if (!drained(exchange)) exchange.getResponseHeaders().set("Connection", "close");
        JsonHttpServer.json(exchange, reply.status, Json.write(body));
    }

    private record Reply(int status, String counter, String message) {}

    /**
     * Reads what is left of the request body (a refused request may not have been read at all), so that the
     * connection stays usable for the client's next request; gives up on bodies far over the limit.
     */
    private static boolean drained(HttpExchange exchange) {
        try {
            byte[] rest = exchange.getRequestBody().readNBytes(16 * MAX_BODY);
            return rest.length < 16 * MAX_BODY;
        } catch (IOException e) {
            return false;
        }
    }

    private Reply answer(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.startsWith(BASE + "/")) return new Reply(404, "not-found", "no such endpoint");
        String rest = path.substring(BASE.length() + 1);
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String pathToken = slash < 0 ? null : rest.substring(slash + 1);
        if (pathToken != null && pathToken.indexOf('/') >= 0) return new Reply(404, "not-found", "no such endpoint");
        WebhookDialect dialect = dialects.get(name);
        if (dialect == null) {
            boolean known = Topics.TARGETS.stream().map(Target::name).anyMatch(name::equals);
            return new Reply(404, "not-found", known ? name + " is not enabled" : "no such endpoint");
        }
        String token = pathToken != null ? pathToken : exchange.getRequestHeaders().getFirst("X-Shopsync-Token");
        if (token == null || !MessageDigest.isEqual(sha256(token), secretDigest)) {
            return new Reply(401, "unauthorized", "missing or wrong secret");
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("POST") && !method.equals("GET")) return new Reply(405, "bad-request", "use POST (or GET for ?orderId=)");
        FormRequest request;
        try {
            request = FormRequest.read(exchange, MAX_BODY);
        } catch (FormRequest.BodyTooLarge e) {
            return new Reply(413, "bad-request", "body larger than " + MAX_BODY + " bytes");
        } catch (IOException | RuntimeException e) {
            return new Reply(400, "bad-request", "unreadable request: " + e.getClass().getSimpleName());
        }
        Map<String, String> fields;
        try {
            fields = fields(request);
        } catch (IllegalArgumentException e) {
            return new Reply(400, "bad-request", e.getMessage());
        }
        return reply(dialect.read(method, fields));
    }

    private Reply reply(Verdict verdict) {
        if (verdict instanceof Verdict.Accepted a) return accept(a.event());
        if (verdict instanceof Verdict.UnknownOrder u) return unknownOrder(u.target(), u.id(), u.why());
        if (verdict instanceof Verdict.CrmUnavailable c) return new Reply(503, "crm-unavailable", c.message());
        return new Reply(400, "bad-request", ((Verdict.BadRequest) verdict).why());
    }

    private Reply accept(CrmEvent event) {
        try {
            publisher.publish(List.of(event));
        } catch (AckedProducer.NotAcknowledged e) {
            log.warn("webhook for order {} not stored ({}); answering 503 so the CRM retries", event.orderId(), e.getMessage());
            return new Reply(503, "not-stored", "not stored; retry later");
        }
        log.info("{} {}: order {} → status {}", event.target(), event.source(), event.orderId(), event.status());
        return new Reply(200, "accepted", "order " + event.orderId() + " status " + event.status());
    }

    private Reply unknownOrder(String target, String id, String why) {
        log.warn("{} webhook for unknown order {}: {}; skipped", target, id, why);
        try {
            publisher.recordSkipped(target, id, "webhook skipped: " + why);
        } catch (AckedProducer.NotAcknowledged e) {
            return new Reply(503, "not-stored", "not stored; retry later");
        }
        return new Reply(202, "unknown-order", why + "; skipped");
    }

    private static Map<String, String> fields(FormRequest request) {
        Map<String, String> fields = new LinkedHashMap<>(request.query());
        fields.putAll(request.form());
        String type = request.header("Content-Type");
        if (type != null && type.startsWith("application/json") && request.body().length > 0) {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(request.body());
            } catch (IOException e) {
                throw new IllegalArgumentException("body is not JSON");
            }
            if (json == null || !json.isObject()) throw new IllegalArgumentException("JSON body must be an object");
            json.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) fields.put(e.getKey(), e.getValue().asText());
            });
        }
        return fields;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
