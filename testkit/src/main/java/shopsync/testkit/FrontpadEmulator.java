package shopsync.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import shopsync.events.Json;
import shopsync.http.FormRequest;
import shopsync.http.JsonHttpServer;

/**
 * A Frontpad API stand-in, strict about the formats in {@code minishop2-frontpad.md} Part B and the facts in
 * field-facts.md ("Frontpad API"): form POST to {@code /api/index.php?<method>} with {@code secret}, only the
 * documented methods ({@code new_order}, {@code get_status} by {@code order_id} or {@code client_phone},
 * {@code get_client}, {@code get_certificate}, {@code get_products}, {@code get_stops}), PHP-style parallel arrays
 * {@code product[i]}, {@code product_kol[i]}, {@code product_mod[i]}, JSON {@code result}/{@code error} answers
 * with the real error codes, a closable cash shift, Frontpad's limits (30 requests a minute and 2 a second per
 * secret, {@code requests_limit} beyond), an order accepted whose answer is lost ({@link #acceptThenFail}), status
 * webhooks to {@code hook_url}, and a request log.
 *
 * <p>Longer than our other classes on purpose, like the RetailCRM emulator: every method works on one account's
 * state, and this one file is where a reader checks each assumption about Frontpad against the reference notes.
 */
public final class FrontpadEmulator implements AutoCloseable {
    /** One received request: method name, the form fields, and the answer. */
    public record Call(String method, Map<String, String> fields, String result, String error) {}

    /** What happens to the answer of a {@code new_order} that was accepted (the order exists either way). */
    public enum Mode {
        /** Frontpad answers as usual. */
        ANSWER,
        /** The order is created, then a proxy in front answers HTTP 502. */
        HTTP_502,
        /** The order is created, then the connection is cut before the answer is complete. */
        DROP_CONNECTION
    }

    /** An order as Frontpad holds it. */
    public record Order(int orderId, int orderNumber, Map<String, String> fields, List<String> articles, List<Integer> quantities,
                        String status) {}

    private final JsonHttpServer server;
    private final String secret;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int answerAfterCreating = 200;
    private final List<Long> callTimesMs = new CopyOnWriteArrayList<>();
    private final Map<Integer, Order> orders = new LinkedHashMap<>();
    private final Map<String, String[]> products = new LinkedHashMap<>();   // article -> {name, price}
    private final Map<String, ObjectNode> certificates = new LinkedHashMap<>();
    private final Set<String> stops = new LinkedHashSet<>();   // articles on the stop list
    /** Status names with their API codes (Справочники → Статусы). */
    private final Map<String, Integer> statusCodes = new LinkedHashMap<>();
    private final Map<String, Deque<Long>> recent = new HashMap<>();   // secret -> times of its recent requests
    private final AtomicInteger ids = new AtomicInteger(7000);
    private final AtomicInteger limited = new AtomicInteger();
    private final HttpClient webhookClient = HttpClient.newHttpClient();
    private volatile boolean shiftOpen = true;
    private volatile Mode afterAccept = Mode.ANSWER;
    private int requestsPerMinute = 30;
    private int requestsPerSecond = 2;
    private long minuteMs = 60_000;

    private FrontpadEmulator(String secret) throws IOException {
        this.secret = secret;
        for (String s : List.of("Новый", "В производстве", "Произведен", "В пути", "Выполнен", "Списан")) {
            statusCodes.put(s, statusCodes.size() + 1);
        }
        server = JsonHttpServer.on(new InetSocketAddress("127.0.0.1", 0)).threads(4, null).route("/api/index.php", this::handle).start();
    }

    public static FrontpadEmulator start(String secret) {
        try {
            return new FrontpadEmulator(secret);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Frontpad emulator", e);
        }
    }

    /** Base URL as configured in shopsync ({@code frontpad.url}). */
    public String url() {
        return "http://127.0.0.1:" + server.port() + "/api/index.php";
    }

    public synchronized void addProduct(String article, String name, String price) {
        products.put(article, new String[] {name, price});
    }

    /** Puts an article on the stop list ({@code get_stops}: unavailable today). */
    public synchronized void addStop(String article) {
        stops.add(article);
    }

    public synchronized void addCertificate(String number, ObjectNode answer) {
        certificates.put(number, answer);
    }

    /** Closes or opens the cash shift: while closed, {@code new_order} answers {@code cash_close}. */
    public void setShiftOpen(boolean open) {
        this.shiftOpen = open;
    }

    /** Frontpad's per-second limit (2 by default); the per-minute limit stays. */
    public synchronized void setRequestsPerSecond(int limit) {
        this.requestsPerSecond = limit;
    }

    /**
     * Frontpad's limits, per secret: at most {@code perMinute} requests in any {@code minute} and {@code perSecond} in any
     * sixtieth of it (30 and 2 in one real minute by default). A test may shorten the minute so it need not run for
     * real minutes; shopsync's budget is then given the same minute.
     */
    public synchronized void setLimits(int perMinute, int perSecond, Duration minute) {
        this.requestsPerMinute = perMinute;
        this.requestsPerSecond = perSecond;
        this.minuteMs = minute.toMillis();
        recent.clear(); // the new limits count from now
    }

    /** The most requests received (any secret, any answer) within any {@code window}, counting those since {@code sinceMs}. */
    public int busiestWindow(Duration window, long sinceMs) {
        List<Long> times = callTimesMs.stream().filter(t -> t >= sinceMs).sorted().toList();
        int most = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= window.toMillis()) j++;
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    /** How many requests were answered {@code requests_limit}. */
    public int limitedRequests() {
        return limited.get();
    }

    /** From now on, an accepted {@code new_order} creates the order and then loses its answer as {@code mode} says. */
    public void acceptThenFail(Mode mode) {
        this.afterAccept = mode;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    public synchronized List<Order> orders() {
        return List.copyOf(orders.values());
    }

    public int statusCode(String name) {
        return statusCodes.get(name);
    }

    /** Staff change an order's status; when the order asked for it, Frontpad calls its {@code hook_url}. */
    public void staffSetsStatus(int orderId, String status) {
        Order updated;
        synchronized (this) {
            Order o = orders.get(orderId);
            updated = new Order(o.orderId(), o.orderNumber(), o.fields(), o.articles(), o.quantities(), status);
            orders.put(orderId, updated);
        }
        String hook = updated.fields().get("hook_url");
        if (hook == null) return;
        String code = String.valueOf(statusCodes.get(status));
        boolean wanted = updated.fields().entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith("hook_status[") && e.getValue().equals(code));
        if (!wanted) return;
        String body = "action=change_status&order_id=" + orderId + "&status=" + code + "&datetime="
                + enc(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        try {
            webhookClient.send(HttpRequest.newBuilder(URI.create(hook)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Frontpad does not retry its webhooks either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivedMs = System.currentTimeMillis();
        String method = exchange.getRequestURI().getRawQuery();
        String name = method == null ? "" : method.split("&")[0];
        ObjectNode answer;
        FormRequest request = null;
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer = error("invalid_method");
        } else {
            request = FormRequest.read(exchange, 1 << 20);
            answer = answer(name, request.form(), arrivedMs);
        }
        callTimesMs.add(arrivedMs);
        calls.add(new Call(method, request == null ? Map.of() : Collections.unmodifiableMap(withoutSecret(request.form())),
                answer.path("result").asText(), answer.path("error").asText(null)));
        if (answerAfterCreating != 200 && "new_order".equals(name) && answer.path("result").asText().equals("success")) {
            JsonHttpServer.json(exchange, answerAfterCreating, Json.write(answer));
            return;
        }
        Mode mode = afterAccept;
        if ("new_order".equals(name) && answer.has("order_id") && mode != Mode.ANSWER) {
            fail(exchange, mode);
            return;
        }
        JsonHttpServer.json(exchange, 200, Json.write(answer)); // Frontpad reports errors with HTTP 200
    }

    private static void fail(HttpExchange exchange, Mode mode) throws IOException {
        if (mode == Mode.HTTP_502) {
            JsonHttpServer.reply(exchange, 502, "text/html", "<html><body>502 Bad Gateway</body></html>");
            return;
        }
        // Promise a body and close after a part of it: the client sees the connection cut mid-answer.
        exchange.sendResponseHeaders(200, 100);
        try {
            exchange.getResponseBody().write("{\"result\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            exchange.close();
        } catch (IOException e) {
            // expected: fewer bytes than promised
        }
    }

    /** Frontpad's limits per secret, sliding windows: a request over them is refused and not counted. */
    private boolean overLimit(String key, long now) {
        Deque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= now - minuteMs) times.pollFirst();
        long secondAgo = now - minuteMs / 60;
        long inLastSecond = times.stream().filter(t -> t > secondAgo).count();
        if (times.size() >= requestsPerMinute || inLastSecond >= requestsPerSecond) return true;
        times.addLast(now);
        return false;
    }

    private synchronized ObjectNode answer(String method, Map<String, String> f, long arrivedMs) {
        if (!secret.equals(f.get("secret"))) return error("invalid_secret");
        if (overLimit(f.get("secret"), arrivedMs)) {
            limited.incrementAndGet();
            return error("requests_limit");
        }
        return switch (method) {
            case "new_order" -> newOrder(f);
            case "get_status" -> {
                if (f.containsKey("order_id")) {
                    Order o = orders.get(parse(f.get("order_id")));
                    yield o == null ? error("invalid_order_id") : ok().put("status", o.status());
                }
                Order latest = latestFor(f.get("client_phone"));
                yield latest == null ? error("invalid_client_phone") : ok().put("status", latest.status()); // the status, nothing else
            }
            case "get_certificate" -> {
                ObjectNode c = certificates.get(f.get("certificate"));
                yield c == null ? error("invalid_certificate") : ok().setAll(c.deepCopy());
            }
            case "get_client" -> {
                String phone = digits(f.get("client_phone"));
                Order any = orders.values().stream().filter(o -> phone != null && phone.equals(digits(o.fields().get("phone"))))
                        .findFirst().orElse(null);
                yield any == null ? error("invalid_client_phone") : ok().put("name", any.fields().getOrDefault("name", ""));
            }
            case "get_products" -> {
                ObjectNode body = ok();
                var ids = body.putArray("product_id");
                var names = body.putArray("name");
                var prices = body.putArray("price");
                products.forEach((article, np) -> {
                    ids.add(article);
                    names.add(np[0]);
                    prices.add(np[1]);
                });
                yield body;
            }
            case "get_stops" -> {
                // An empty stop list is an error code of its own (minishop2-frontpad.md §5.4), not an empty success.
                if (stops.isEmpty()) yield error("no_stops");
                ObjectNode body = ok();
                var ids = body.putArray("product_id");
                var names = body.putArray("name");
                for (String article : stops) {
                    ids.add(article);
                    names.add(products.containsKey(article) ? products.get(article)[0] : article);
                }
                yield body;
            }
            default -> unknownMethod();
        };
    }

    /** Test switch: {@code new_order} still creates the order but is answered with this HTTP status (200: as usual). */
    public void answerAfterCreating(int httpStatus) {
        this.answerAfterCreating = httpStatus;
    }

    /**
     * What Frontpad answers to a method it does not have is unverified (no public client shows it): this emulator
     * answers HTTP 200 {@code {"result":"error","error":"invalid_method"}}, an error like every other it reports.
     */
    private static ObjectNode unknownMethod() {
        return error("invalid_method");
    }

    private Order latestFor(String clientPhone) {
        String phone = digits(clientPhone);
        Order latest = null;
        for (Order o : orders.values()) if (phone != null && phone.equals(digits(o.fields().get("phone")))) latest = o;
        return latest;
    }

    private ObjectNode newOrder(Map<String, String> f) {
        if (!shiftOpen) return error("cash_close");
        List<String> articles = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        for (int i = 0; f.containsKey("product[" + i + "]"); i++) {
            articles.add(f.get("product[" + i + "]"));
            Integer kol = parse(f.get("product_kol[" + i + "]"));
            if (kol == null || kol <= 0) return error("invalid_format");
            quantities.add(kol);
        }
        if (articles.isEmpty()) return error("invalid_format");
        if (f.keySet().stream().anyMatch(k -> k.startsWith("product_kol[") && !f.containsKey("product[" + k.substring(12)))) {
            return error("invalid_format");
        }
        if (articles.stream().anyMatch(a -> !products.containsKey(a))) return error("invalid_product_keys");
        int id = ids.incrementAndGet();
        orders.put(id, new Order(id, id - 6000, Map.copyOf(f), articles, quantities, "Новый"));
        return ok().put("order_id", id).put("order_number", id - 6000);
    }

    private static Map<String, String> withoutSecret(Map<String, String> form) {
        Map<String, String> copy = new LinkedHashMap<>(form);
        copy.remove("secret");
        return copy;
    }

    private static Integer parse(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String digits(String phone) {
        return phone == null ? null : phone.replaceAll("\\D", "");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static ObjectNode ok() {
        return Json.object().put("result", "success");
    }

    private static ObjectNode error(String code) {
        return Json.object().put("result", "error").put("error", code);
    }
}
