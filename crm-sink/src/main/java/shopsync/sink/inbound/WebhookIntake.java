package shopsync.sink.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CrmEvent;
import shopsync.events.Json;
import shopsync.events.kafka.AckedProducer;
import shopsync.http.FormRequest;
import shopsync.sink.retailcrm.CrmResponse;
import shopsync.sink.retailcrm.RetailCrmClient;

/**
 * The HTTP endpoint RetailCRM triggers call ({@code /webhooks/retailcrm}). Every request must carry the
 * secret (last path segment or {@code X-Shopsync-Token}); it is answered 2xx only after its event is durable
 * in {@code crm.inbound}, so the CRM's own retry covers a crash. Accepted formats: the modRetailCRM trigger,
 * the IntellectDialog trigger, the CoMagic-style thin trigger (order fetched from the CRM), and JSON bodies
 * with the same fields. Anything else is a 4xx with the reason, counted, and never reaches the shop.
 */
public final class WebhookIntake implements AutoCloseable {
    static final String PATH = "/webhooks/retailcrm";
    static final String FRONTPAD_PATH = "/webhooks/frontpad";
    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final Pattern STATUS_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern ID = Pattern.compile("\\d{1,18}");

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer waits ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> new Thread(r, "shopsync-webhooks"));
    private final byte[] secretDigest;
    private final RetailCrmClient crm;
    private final InboundPublisher publisher;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile FrontpadHook frontpad;

    /**
     * Frontpad's status webhook ({@code action=change_status}, Frontpad {@code order_id}, numeric status code):
     * which shop order a Frontpad id is, and the name of each status code.
     */
    public interface FrontpadHook {
        String shopOrderOf(long frontpadOrderId);

        String statusName(String code);
    }

    /** Also accept Frontpad's webhook at {@code /webhooks/frontpad}. */
    public void acceptFrontpad(FrontpadHook hook) {
        this.frontpad = hook;
    }

    public WebhookIntake(int port, String secret, RetailCrmClient crm, InboundPublisher publisher) throws IOException {
        if (secret == null || secret.length() < 16) throw new IllegalArgumentException("webhooks.secret must have at least 16 characters");
        this.secretDigest = sha256(secret);
        this.crm = crm;
        this.publisher = publisher;
        this.server = HttpServer.create(new InetSocketAddress(port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Serves another endpoint on the same port (e.g. the customer-facing Frontpad checks). */
    public void route(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests by outcome ({@code accepted}, {@code unauthorized}, {@code bad-request}, {@code unknown-order}, …). */
    public Map<String, Long> counts() {
        Map<String, Long> copy = new LinkedHashMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
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
            byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            if (!drained(exchange)) exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(reply.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
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
        String base = frontpad != null && path.startsWith(FRONTPAD_PATH) ? FRONTPAD_PATH : PATH;
        String pathToken = null;
        if (path.startsWith(base + "/") && path.indexOf('/', base.length() + 1) < 0) pathToken = path.substring(base.length() + 1);
        else if (!path.equals(base)) return new Reply(404, "not-found", "no such endpoint");
        if (base.equals(PATH) && crm == null) return new Reply(404, "not-found", "RetailCRM is not enabled");
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
        return base.equals(FRONTPAD_PATH) ? routeFrontpad(fields) : route(method, fields);
    }

    private Reply routeFrontpad(Map<String, String> f) {
        if (!"change_status".equals(f.get("action"))) return bad("unsupported action");
        if (!valid(ID, f.get("order_id")) || !valid(STATUS_CODE, f.get("status"))) return bad("need order_id and status");
        String orderId = frontpad.shopOrderOf(Long.parseLong(f.get("order_id")));
        if (orderId == null) return unknownOrder("frontpad", f.get("order_id"), "no shop order was sent as this Frontpad order");
        String name = frontpad.statusName(f.get("status"));
        if (name == null) return bad("unknown Frontpad status code " + f.get("status") + " (frontpad.status-codes)");
        return accept(new CrmEvent("frontpad", "webhook:frontpad", orderId, f.get("order_id"), name, 0, System.currentTimeMillis()));
    }

    private Reply route(String method, Map<String, String> f) {
        if (f.containsKey("retailCRM_action")) {
            if (!"change_status".equals(f.get("retailCRM_action"))) return bad("unsupported retailCRM_action");
            String status = f.get("status");
            String orderId = f.get("order_id");
            if (!valid(STATUS_CODE, status) || orderId == null || orderId.isBlank()) return bad("need status and order_id");
            if (!ID.matcher(orderId).matches()) return unknownOrder(orderId, "order_id is not a shop order id");
            return accept(new CrmEvent("retailcrm", "webhook:modretailcrm", orderId, null, status, 0, System.currentTimeMillis()));
        }
        if (f.containsKey("type")) {
            if (!"order".equals(f.get("type"))) return bad("unsupported type");
            String event = f.get("event");
            if (event != null && !event.equals("new") && !event.equals("status")) return bad("unsupported event");
            if (!valid(ID, f.get("id")) || !valid(STATUS_CODE, f.get("status"))) return bad("need id and status");
            return lookUpAndAccept("webhook:intellectdialog", f.get("id"), f.get("status"));
        }
        if (f.containsKey("orderId")) {
            if (!valid(ID, f.get("orderId"))) return bad("orderId must be a CRM order id");
            return lookUpAndAccept("webhook:comagic", f.get("orderId"), null);
        }
        return bad(method.equals("GET") ? "a GET needs ?orderId=" : "unrecognised webhook: expected retailCRM_action, type=order or orderId");
    }

    /** Asks the CRM which shop order a CRM id is (and, for thin triggers, its status). */
    private Reply lookUpAndAccept(String source, String crmId, String status) {
        CrmResponse order;
        try {
            order = crm.getOrder(crmId, "id");
        } catch (RetailCrmClient.CrmUnreachable e) {
            return new Reply(503, "crm-unavailable", "RetailCRM unreachable; retry later");
        }
        if (order.status() == 404) return unknownOrder(crmId, "no such order in RetailCRM");
        if (!order.success()) return new Reply(503, "crm-unavailable", "RetailCRM answered " + order.status() + "; retry later");
        String externalId = Json.text(order.body().path("order"), "externalId");
        if (externalId == null) return unknownOrder(crmId, "the CRM order has no shop order (externalId)");
        String current = status != null ? status : Json.text(order.body().path("order"), "status");
        if (!valid(STATUS_CODE, current)) return bad("the CRM order has no status");
        return accept(new CrmEvent("retailcrm", source, externalId, crmId, current, 0, System.currentTimeMillis()));
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

    private Reply unknownOrder(String id, String why) {
        return unknownOrder("retailcrm", id, why);
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

    private static Reply bad(String why) {
        return new Reply(400, "bad-request", why);
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

    private static boolean valid(Pattern pattern, String value) {
        return value != null && pattern.matcher(value).matches();
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
        server.stop(0);
        executor.shutdownNow();
    }
}
