package shopsync.sink.frontpad;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.bucket4j.Bucket;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shopsync.events.Json;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.frontpad.FrontpadClient.FrontpadAnswer;
import shopsync.sink.inbound.ShopOrders;

/**
 * The two checks FrontpadApi puts on the shop's pages, as JSON endpoints the pages can call:
 * {@code GET /frontpad/order-status?order=<number>} or {@code ?phone=<phone>}, and
 * {@code GET /frontpad/certificate?number=<n>}. Both look-ups use the documented {@code get_status} (by
 * {@code order_id}, or by {@code client_phone}: the status of that phone's latest order). They answer from Frontpad, say nothing but the status, and allow
 * each client (IP address) a few requests a minute, because Frontpad forbids cyclic lookups.
 */
public final class FrontpadChecks {
    private static final int PER_MINUTE = 6;
    private final FrontpadClient client;
    private final FrontpadLedger ledger;
    private final ShopOrders shop;
    private final Map<String, Bucket> buckets = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > 10_000;
        }
    });

    public FrontpadChecks(FrontpadClient client, FrontpadLedger ledger, ShopOrders shop) {
        this.client = client;
        this.ledger = ledger;
        this.shop = shop;
    }

    public void orderStatus(HttpExchange exchange) throws IOException {
        respond(exchange, () -> {
            Map<String, List<String>> q = query(exchange);
            FrontpadAnswer answer;
            if (q.containsKey("phone")) {
                String phone = q.get("phone").get(0).replaceAll("\\D", "");
                if (phone.length() < 10 || phone.length() > 15) return reply(400, "error", "phone: 10 to 15 digits");
                answer = client.call("get_status", Map.of("client_phone", phone));
            } else if (q.containsKey("order")) {
                String orderId = shop.orderIdOf(q.get("order").get(0));
                FrontpadLedger.Entry entry = orderId == null ? null : ledger.get(orderId);
                if (entry == null || entry.state() != FrontpadLedger.State.SENT) return reply(404, "status", null);
                answer = client.call("get_status", Map.of("order_id", String.valueOf(entry.frontpadOrderId())));
            } else {
                return reply(400, "error", "give order=<number> or phone=<phone>");
            }
            return answer.success() ? reply(200, "status", answer.body().path("status").asText()) : reply(404, "status", null);
        });
    }

    public void certificate(HttpExchange exchange) throws IOException {
        respond(exchange, () -> {
            List<String> number = query(exchange).get("number");
            if (number == null || !number.get(0).matches("[A-Za-z0-9-]{1,40}")) return reply(400, "error", "give number=<certificate>");
            FrontpadAnswer answer = client.call("get_certificate", Map.of("certificate", number.get(0)));
            return reply(answer.success() ? 200 : 404, "status", answer.success() ? "valid" : "not found");
        });
    }

    private record Reply(int status, ObjectNode body) {}

    private static Reply reply(int status, String field, String value) {
        ObjectNode body = Json.object();
        if (value == null) body.putNull(field);
        else body.put(field, value);
        return new Reply(status, body);
    }

    private interface Check {
        Reply run();
    }

    private void respond(HttpExchange exchange, Check check) throws IOException {
        try (exchange) {
            Reply reply;
            String client = exchange.getRemoteAddress().getAddress().getHostAddress();
            if (!exchange.getRequestMethod().equals("GET")) {
                reply = reply(405, "error", "use GET");
            } else if (!buckets.computeIfAbsent(client, c -> Bucket.builder()
                    .addLimit(l -> l.capacity(PER_MINUTE).refillGreedy(PER_MINUTE, Duration.ofMinutes(1))).build()).tryConsume(1)) {
                reply = reply(429, "error", "too many requests; try again in a minute");
            } else {
                try {
                    reply = check.run();
                } catch (CrmUnreachable e) {
                    reply = reply(503, "error", "Frontpad is not answering; try again later");
                }
            }
            byte[] bytes = Json.write(reply.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, List<String>> query(HttpExchange exchange) {
        return new QueryStringDecoder(exchange.getRequestURI().toString(), StandardCharsets.UTF_8).parameters();
    }
}
