package shopsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import shopsync.events.Json;
import shopsync.http.FormRequest;
import shopsync.http.JsonHttpServer;

/**
 * A RetailCRM API v5 stand-in that is strict about the real request and response formats
 * ({@code shared/reference/retailcrm-api.md}, and {@code field-facts.md} where they differ): key in {@code X-API-KEY}
 * or {@code apiKey}, form bodies with JSON fields, several stores (sites) in one account with {@code externalId}
 * unique per store, exact error bodies (field-keyed 400 {@code Order is not loaded}, 460 uploads with errors not
 * indexed by entity), a per-key rate limit (503, by default without {@code Retry-After}), order lines merged by
 * offer unless they carry {@code externalIds}, an {@code orders/history} without a site filter, and a log of every
 * request for assertions. Also the sandbox CRM of {@code shopsync demo}.
 *
 * <p>Where no public source says what RetailCRM does, a switch lets a test choose either answer
 * ({@link #setRetryAfterSeconds}, {@link #setLookupsByIdSeeOnlyTheSite}, {@link #setUploadErrorsAsObject},
 * {@link #setCustomerExistsNamesExternalId}, {@link #setOfferlessLinesMergeByName}).
 *
 * <p>Longer than our other classes on purpose: every endpoint works on one synchronized account state, and this one
 * file is where a reader checks each assumption the emulator makes about RetailCRM against the reference notes.
 */
public final class RetailCrmEmulator implements AutoCloseable {
    private static final Pattern ENTITY_PATH = Pattern.compile("^/api/v5/(orders|customers)/([^/]+)(/edit)?$");
    private static final int MAX_BODY = 1 << 20;
    private static final String ORDER_EXISTS = "Order already exists.";

    /** One request as received (path still URL-encoded, as sent), and the status it was answered with. */
    public record Call(String method, String path, Map<String, String> params, int status, long atMs) {
        public JsonNode json(String field) {
            String v = params.get(field);
            return v == null ? null : Json.parse(v);
        }
    }

    /** An entity that came into being by {@code create} or {@code upload}; a second one for the same externalId is a duplicate. */
    public record Created(String entity, String externalId, long atMs) {}

    private final JsonHttpServer server;
    private final String apiKey;
    private final Clock clock;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Created> created = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, ObjectNode>> orders = new HashMap<>();     // site -> externalId -> order
    private final Map<String, Map<String, ObjectNode>> customers = new HashMap<>();  // site -> externalId -> customer
    private final Map<String, Map<String, ObjectNode>> offers = new HashMap<>();     // site -> offer externalId -> offer
    private final Map<String, Deque<Long>> recentByKey = new HashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final AtomicInteger historyIds = new AtomicInteger(5000);
    private final List<ObjectNode> history = new ArrayList<>();
    /** The account's time zone: history times are local to it, without a zone, as RetailCRM writes them. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    private final Set<String> sites = new LinkedHashSet<>();
    private final Map<String, String> statuses;
    private final Set<String> deliveryTypes = ConcurrentHashMap.newKeySet();
    private final Set<String> paymentTypes;
    /** Reference codes switched off in the CRM ("statuses:assembling"): still listed, with {@code active: false}. */
    private final Set<String> inactive = new HashSet<>();
    private volatile List<String> keyMethods;
    private volatile List<String> keySites;
    private volatile int requestsPerSecond = 10;
    private volatile int retryAfterSeconds;
    private volatile boolean lookupsByIdSeeOnlyTheSite;
    private volatile boolean uploadErrorsAsObject;
    private volatile boolean customerExistsNamesExternalId;
    private volatile boolean offerlessLinesMergeByName;
    private volatile boolean down;
    private volatile double failRate;
    private volatile double slowRate;
    private volatile long slowMs;
    private final Random chaosRandom = new Random(7);
    private final AtomicInteger injectedFailures = new AtomicInteger();

    private RetailCrmEmulator(String apiKey, Set<String> sites, Map<String, String> statuses,
                              Set<String> deliveryTypes, Set<String> paymentTypes, Clock clock) throws IOException {
        this.apiKey = apiKey;
        this.sites.addAll(sites);
        this.statuses = statuses;
        this.deliveryTypes.addAll(deliveryTypes);
        this.paymentTypes = paymentTypes;
        this.clock = clock;
        this.server = JsonHttpServer.on(new InetSocketAddress("127.0.0.1", 0)).threads(16, null).route("/", this::handle).start();
    }

    /** An emulator with one site {@code shop} and the default RetailCRM reference codes. */
    public static RetailCrmEmulator start(String apiKey) {
        try {
            return new RetailCrmEmulator(apiKey, Set.of("shop"),
                    Map.of("new", "new", "paid", "new", "send-to-delivery", "delivery", "complete", "complete",
                            "cancel-other", "cancel", "assembling", "assembling"),
                    Set.of("self-delivery", "courier"), Set.of("cash", "bank-card"), Clock.systemUTC());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the RetailCRM emulator", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public void setRequestsPerSecond(int limit) {
        this.requestsPerSecond = limit;
    }

    /**
     * Whether a 503 carries {@code Retry-After: <seconds>} (0: no header, the default). RetailCRM's rate limit is a
     * 503 (the PHP client's {@code LimitException}); whether it says when to come back is unverified
     * (field-facts.md), so clients must cope with its absence.
     */
    public void setRetryAfterSeconds(int seconds) {
        this.retryAfterSeconds = seconds;
    }

    /**
     * Whether {@code by=id} look-ups and edits see only the store named by {@code site} (404 for another store's
     * order) or the whole account (the default: the order is found, carrying its own {@code site}). CRM ids are
     * account-wide; which way RetailCRM scopes them is unverified.
     */
    public void setLookupsByIdSeeOnlyTheSite(boolean onlyTheSite) {
        this.lookupsByIdSeeOnlyTheSite = onlyTheSite;
    }

    /**
     * Whether a 460 upload answer gives {@code errors} as an object keyed by field instead of a list of strings (the
     * default). field-facts.md: a list of strings "or an object", in neither case indexed by entity.
     */
    public void setUploadErrorsAsObject(boolean asObject) {
        this.uploadErrorsAsObject = asObject;
    }

    /**
     * The wording for a duplicate customer: {@code Customer already exists.} (default) or
     * {@code Customer with externalId=N already exists.}, like orders inside an upload. Unverified (field-facts.md).
     */
    public void setCustomerExistsNamesExternalId(boolean namesExternalId) {
        this.customerExistsNamesExternalId = namesExternalId;
    }

    /**
     * Whether order lines without an offer merge by {@code productName} like lines of one offer do, or stay apart (the
     * default). The sources only say lines of one offer merge; lines without an offer are unverified.
     */
    public void setOfferlessLinesMergeByName(boolean merge) {
        this.offerlessLinesMergeByName = merge;
    }

    /**
     * Adds a store (site) to the account, visible to the key: {@code externalId}s are unique per store, so another
     * store may have orders and customers with the same {@code externalId}s as ours (field-facts.md).
     */
    public synchronized void addSite(String code) {
        sites.add(code);
    }

    /**
     * A manager adds a delivery type to the account's reference book: from now on orders with its code are taken, since
     * RetailCRM checks the codes of every write against the references (retailcrm-api.md: codes for delivery, payment
     * and status must exist in the references).
     */
    public void addDeliveryType(String code) {
        deliveryTypes.add(code);
    }

    /**
     * Switches a reference code off or on, as a manager does in the reference books: it stays listed with
     * {@code active: false} (every reference entry carries {@code active}, retailcrm-api.md §2). Whether RetailCRM then
     * refuses orders naming it is unverified; this emulator still takes them.
     *
     * @param book {@code statuses}, {@code deliveryTypes} or {@code paymentTypes}
     */
    public synchronized void setActive(String book, String code, boolean active) {
        if (active) inactive.remove(book + ":" + code);
        else inactive.add(book + ":" + code);
    }

    /**
     * Narrows what {@code /api/credentials} says the key may do: the methods it may call (null: every method this
     * emulator serves) and the stores it sees (null: all, {@code access_full}; else {@code access_selective} with these
     * {@code sitesAvailable}). Only the answer changes; the calls themselves are not refused.
     */
    public void setKeyAccess(List<String> methods, List<String> sitesAvailable) {
        this.keyMethods = methods == null ? null : List.copyOf(methods);
        this.keySites = sitesAvailable == null ? null : List.copyOf(sitesAvailable);
    }

    /** Fully down: every connection is dropped without an answer, as when the CRM's host is unreachable. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /**
     * Chaos: a share of requests is answered 503 without being applied; another share is applied but answered
     * only after {@code slowMs} (longer than a client's timeout, so the client cannot know it succeeded).
     */
    public void setChaos(double failRate, double slowRate, long slowMs) {
        this.failRate = failRate;
        this.slowRate = slowRate;
        this.slowMs = slowMs;
    }

    /** Requests answered 503 or delayed by {@link #setChaos}. */
    public int injectedFailures() {
        return injectedFailures.get();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every creation, in order. */
    public List<Created> created() {
        return List.copyOf(created);
    }

    /** Every creation of one kind of entity, "order" or "customer", in order. */
    public List<Created> created(String entity) {
        return created.stream().filter(c -> c.entity().equals(entity)).toList();
    }

    public List<Call> calls(String method, String path) {
        return calls.stream().filter(c -> c.method.equals(method) && c.path.equals(path)).toList();
    }

    public synchronized ObjectNode order(String site, String externalId) {
        ObjectNode o = orders.getOrDefault(site, Map.of()).get(externalId);
        return o == null ? null : o.deepCopy();
    }

    public synchronized ObjectNode customer(String site, String externalId) {
        ObjectNode c = customers.getOrDefault(site, Map.of()).get(externalId);
        return c == null ? null : c.deepCopy();
    }

    public synchronized int orderCount(String site) {
        return orders.getOrDefault(site, Map.of()).size();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (down) {
            exchange.close(); // no status line at all: the client sees the connection end
            return;
        }
        double dice;
        synchronized (chaosRandom) {
            dice = chaosRandom.nextDouble();
        }
        if (dice < failRate) {
            injectedFailures.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            if (retryAfterSeconds > 0) exchange.getResponseHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
            JsonHttpServer.json(exchange, 503, Json.write(error("Service temporary unavailable")));
            return;
        }
        boolean slow = dice < failRate + slowRate;
        if (slow) injectedFailures.incrementAndGet();
        FormRequest request;
        try {
            request = FormRequest.read(exchange, MAX_BODY);
        } catch (FormRequest.BodyTooLarge e) {
            respond(exchange, null, 413, error("Request entity too large"));
            return;
        } catch (IOException e) {
            respond(exchange, null, 400, error("Errors in the input parameters"));
            return;
        }
        Answer answer = answer(request);
        if (slow) {
            try {
                Thread.sleep(slowMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        respond(exchange, request, answer.status, answer.body);
    }

    private record Answer(int status, JsonNode body) {}

    private synchronized Answer answer(FormRequest r) {
        String key = r.header("X-API-KEY") != null ? r.header("X-API-KEY") : r.param("apiKey");
        if (key == null || key.isEmpty()) return new Answer(403, error("\"apiKey\" is missing."));
        if (!key.equals(apiKey)) return new Answer(403, error("Wrong \"apiKey\" value."));
        if (!withinRateLimit(key)) return new Answer(503, error("Rate limit exceeded"));
        if (!r.method().equals("GET") && !r.method().equals("POST")) {
            return new Answer(405, error("Method not allowed"));
        }
        String path = r.path();
        if (r.method().equals("GET")) {
            switch (path) {
                case "/api/v5/orders/history": return history(r);
                case "/api/v5/orders": return list(r);
                case "/api/v5/reference/statuses": return reference("statuses", statuses.keySet());
                case "/api/v5/reference/delivery-types": return reference("deliveryTypes", deliveryTypes);
                case "/api/v5/reference/payment-types": return reference("paymentTypes", paymentTypes);
                case "/api/v5/reference/sites": return reference("sites", sites);
                case "/api/credentials": return credentials();
                default: break;
            }
        }
        if (r.method().equals("POST")) {
            switch (path) {
                case "/api/v5/orders/create": return create(r, "order", orders);
                case "/api/v5/customers/create": return create(r, "customer", customers);
                case "/api/v5/orders/upload": return upload(r, "orders", "order", orders);
                case "/api/v5/customers/upload": return upload(r, "customers", "customer", customers);
                case "/api/v5/store/inventories/upload": return uploadStock(r, "offers");
                case "/api/v5/store/prices/upload": return uploadStock(r, "prices");
                default: break;
            }
        }
        if (r.method().equals("POST") && path.startsWith("/api/v5/orders/payments/")) return editPayment(r, path);
        Matcher m = ENTITY_PATH.matcher(path);
        if (m.matches()) {
            boolean isOrder = m.group(1).equals("orders");
            String entity = isOrder ? "order" : "customer";
            Map<String, Map<String, ObjectNode>> store = isOrder ? orders : customers;
            String id = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
            if (m.group(3) != null && r.method().equals("POST")) return edit(r, entity, store, id);
            if (m.group(3) == null && r.method().equals("GET")) return get(r, entity, store, id);
        }
        return new Answer(404, error("API method not found"));
    }

    /**
     * A manager changes an order's status in the CRM's UI, in any store of the account: a history record with
     * {@code source: user}.
     */
    public synchronized int managerSetsStatus(String site, String externalId, String status) {
        ObjectNode order = orders.getOrDefault(site, Map.of()).get(externalId);
        if (order == null) throw new IllegalArgumentException("no order " + externalId + " in site " + site);
        String old = text(order, "status");
        order.put("status", status);
        recordStatus(order, old, "user");
        return order.get("id").asInt();
    }

    /**
     * An order comes into being in a store by another hand (a manager, another store's integration), with an
     * {@code externalId} that may equal one of ours in another store. Returns its CRM id.
     */
    public synchronized int managerCreatesOrder(String site, String externalId, String status) {
        if (!sites.contains(site)) throw new IllegalArgumentException("no site " + site + "; addSite it first");
        Map<String, ObjectNode> bySite = orders.computeIfAbsent(site, s -> new LinkedHashMap<>());
        if (bySite.containsKey(externalId)) throw new IllegalArgumentException(ORDER_EXISTS);
        int id = ids.incrementAndGet();
        ObjectNode order = Json.object().put("id", id).put("externalId", externalId).put("site", site).put("status", status);
        order.putObject("payments");
        bySite.put(externalId, order);
        recordStatus(order, null, "user");
        return id;
    }

    /**
     * A history record of a status change. Every record names its order's store ({@code order.site}: the history has
     * no site filter) with {@code order.id}, {@code order.externalId}, {@code status} and {@code managerId}; changes
     * made through the API carry {@code source: api} and {@code apiKey.current} (always our key here, the only one
     * the emulator knows); the creation record carries the whole order (field-facts.md, retailcrm-api.md §5.1).
     */
    private void recordStatus(ObjectNode order, String oldStatus, String source) {
        ObjectNode record = Json.object().put("id", historyIds.incrementAndGet())
                .put("createdAt", LocalDateTime.now(clock.withZone(ZONE)).format(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")))
                .put("source", source).put("field", "status");
        if (oldStatus == null) record.put("created", true);
        if (source.equals("api")) record.putObject("apiKey").put("current", true);
        else record.putObject("user").put("id", 7);
        if (oldStatus == null) record.putNull("oldValue");
        else record.putObject("oldValue").put("code", oldStatus);
        record.putObject("newValue").put("code", text(order, "status"));
        if (oldStatus == null) {
            record.set("order", order.deepCopy());
        } else {
            ObjectNode ref = record.putObject("order").put("id", order.get("id").asInt()).put("site", text(order, "site"))
                    .put("status", text(order, "status"));
            if (text(order, "externalId") != null) ref.put("externalId", text(order, "externalId"));
            if (order.hasNonNull("managerId")) ref.set("managerId", order.get("managerId"));
        }
        history.add(record);
    }

    private Answer history(FormRequest r) {
        int limit = r.param("limit") == null ? 20 : parseOr(r.param("limit"), -1);
        int page = r.param("page") == null ? 1 : parseOr(r.param("page"), -1);
        long sinceId = r.param("filter[sinceId]") == null ? 0 : parseOr(r.param("filter[sinceId]"), -1);
        if (!Set.of(20, 50, 100).contains(limit) || page < 1 || sinceId < 0) {
            return new Answer(400, error("Errors in the input parameters"));
        }
        List<ObjectNode> matching = history.stream().filter(h -> h.get("id").asLong() > sinceId).toList();
        int pages = Math.max(1, (matching.size() + limit - 1) / limit);
        ObjectNode body = ok().put("generatedAt", LocalDateTime.now(clock.withZone(ZONE)).format(
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        ArrayNode list = body.putArray("history");
        matching.stream().skip((long) (page - 1) * limit).limit(limit).forEach(h -> list.add(h.deepCopy()));
        body.putObject("pagination").put("limit", limit).put("totalCount", matching.size()).put("currentPage", page)
                .put("totalPageCount", pages);
        return new Answer(200, body);
    }

    /** {@code orders} filtered by {@code filter[externalIds][]} and {@code filter[sites][]} (either bracket form). */
    private Answer list(FormRequest r) {
        int limit = r.param("limit") == null ? 20 : parseOr(r.param("limit"), -1);
        if (!Set.of(20, 50, 100).contains(limit)) return new Answer(400, error("Errors in the input parameters"));
        Map<String, String> params = new LinkedHashMap<>(r.query());
        Set<String> externalIds = new HashSet<>();
        Set<String> wantedSites = new HashSet<>();
        params.forEach((k, v) -> {
            if (k.startsWith("filter[externalIds][")) externalIds.add(v);
            if (k.startsWith("filter[sites][")) wantedSites.add(v);
        });
        ArrayNode list = Json.MAPPER.createArrayNode();
        orders.forEach((site, bySite) -> {
            if (!wantedSites.isEmpty() && !wantedSites.contains(site)) return;
            bySite.values().stream().filter(o -> externalIds.isEmpty() || externalIds.contains(text(o, "externalId")))
                    .limit(limit - list.size()).forEach(o -> list.add(o.deepCopy()));
        });
        ObjectNode body = ok();
        body.putObject("pagination").put("limit", limit).put("totalCount", list.size()).put("currentPage", 1).put("totalPageCount", 1);
        body.set("orders", list);
        return new Answer(200, body);
    }

    private static int parseOr(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * {@code GET /api/credentials} (unversioned, retailcrm-api.md §1-2): the methods the key may call, named without the
     * version and with placeholders for path ids, and the stores it sees. The shape is the official PHP client's
     * ({@code retailcrm/api-client-php:src/Model/Response/Api/Credentials.php}: {@code credentials}, {@code siteAccess},
     * {@code sitesAvailable}, {@code scopes}; its {@code tests/src/ResourceGroup/ApiTest.php} shows
     * {@code "/api/integration-modules/{code}"} and {@code "siteAccess": "access_full"} without {@code sitesAvailable});
     * the PrestaShop module's test data shows {@code access_selective} with {@code sitesAvailable}. No {@code scopes}
     * here: which scope names exist beyond {@code order_read}, {@code customer_read}, {@code reference_read} is unverified.
     */
    private Answer credentials() {
        ObjectNode body = ok();
        var methods = body.putArray("credentials");
        (keyMethods != null ? keyMethods : List.of("/api/orders", "/api/orders/{externalId}", "/api/orders/create",
                "/api/orders/{externalId}/edit", "/api/orders/upload", "/api/orders/history", "/api/orders/payments/{id}/edit",
                "/api/customers/{externalId}", "/api/customers/create", "/api/customers/{externalId}/edit", "/api/customers/upload",
                "/api/reference/statuses", "/api/reference/delivery-types", "/api/reference/payment-types", "/api/reference/sites"))
                .forEach(methods::add);
        List<String> seen = keySites;
        body.put("siteAccess", seen == null ? "access_full" : "access_selective");
        if (seen != null) seen.forEach(body.putArray("sitesAvailable")::add);
        return new Answer(200, body);
    }

    private Answer reference(String field, Set<String> codes) {
        ObjectNode body = ok();
        ObjectNode map = body.putObject(field);
        for (String code : codes) {
            ObjectNode item = map.putObject(code);
            item.put("code", code).put("name", code).put("active", !inactive.contains(field + ":" + code));
            if (field.equals("statuses")) item.put("group", statuses.get(code));
        }
        return new Answer(200, body);
    }

    private Answer create(FormRequest r, String entity, Map<String, Map<String, ObjectNode>> store) {
        String site = site(r);
        if (site == null) return siteError(r);
        ObjectNode input;
        try {
            input = jsonObject(r.param(entity));
        } catch (IllegalArgumentException e) {
            return new Answer(400, error("Parameter '" + entity + "' is missing"));
        }
        Answer invalid = validate(entity, input, site);
        if (invalid != null) return invalid;
        String externalId = text(input, "externalId");
        Map<String, ObjectNode> bySite = store.computeIfAbsent(site, s -> new LinkedHashMap<>());
        if (externalId != null && bySite.containsKey(externalId)) {
            return new Answer(400, error(entity.equals("order") ? ORDER_EXISTS : customerExists(externalId, false)));
        }
        ObjectNode saved = input.deepCopy();
        int id = ids.incrementAndGet();
        saved.put("id", id).put("site", site);
        if (entity.equals("order")) normaliseOrder(saved, input);
        bySite.put(externalId != null ? externalId : "crm-" + id, saved);
        created.add(new Created(entity, externalId, clock.millis()));
        ObjectNode body = ok().put("id", id);
        if (entity.equals("order")) {
            body.set("order", saved.deepCopy());
            recordStatus(saved, null, "api");
        }
        return new Answer(201, body);
    }

    private Answer edit(FormRequest r, String entity, Map<String, Map<String, ObjectNode>> store, String x) {
        String site = site(r);
        if (site == null) return siteError(r);
        String by = r.param("by") == null ? "externalId" : r.param("by");
        if (!by.equals("externalId") && !by.equals("id")) {
            return new Answer(400, error("Errors in the input parameters", Json.object().put("by", "Value \"" + by + "\" is not valid.")));
        }
        ObjectNode input;
        try {
            input = jsonObject(r.param(entity));
        } catch (IllegalArgumentException e) {
            return new Answer(400, error("Parameter '" + entity + "' is missing"));
        }
        ObjectNode existing = find(store, site, by, x);
        if (existing == null) return new Answer(404, error("Not found"));
        Answer invalid = validate(entity, input, site);
        if (invalid != null) return invalid;
        String oldStatus = text(existing, "status");
        input.fields().forEachRemaining(f -> {
            // Payments are managed through orders/payments/*, an edit leaves them alone; the store is not the edit's to move.
            if (f.getKey().equals("payments") || f.getKey().equals("id") || f.getKey().equals("site")) return;
            if (entity.equals("order") && f.getKey().equals("items")) {
                existing.set("items", RetailCrmLines.edited(existing.get("items"), f.getValue(), offerlessLinesMergeByName));
            } else {
                existing.set(f.getKey(), f.getValue());
            }
        });
        ObjectNode body = ok().put("id", existing.get("id").asInt());
        if (entity.equals("order")) {
            body.set("order", existing.deepCopy());
            if (text(input, "status") != null && !text(input, "status").equals(oldStatus)) recordStatus(existing, oldStatus, "api");
        } else {
            body.put("state", "updated");
        }
        return new Answer(200, body);
    }

    /**
     * {@code orders/payments/{id}/edit} ({@code by=id}, the default; {@code payment} JSON): a partial update of one
     * payment of an order, which keeps its id; 404 for an unknown payment id.
     */
    private Answer editPayment(FormRequest r, String path) {
        Matcher m = Pattern.compile("^/api/v5/orders/payments/([^/]+)/edit$").matcher(path);
        if (!m.matches()) return new Answer(404, error("API method not found"));
        String site = site(r);
        if (site == null) return siteError(r);
        ObjectNode input;
        try {
            input = jsonObject(r.param("payment"));
        } catch (IllegalArgumentException e) {
            return new Answer(400, error("Parameter 'payment' is missing"));
        }
        String paymentId = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        for (ObjectNode order : orders.getOrDefault(site, Map.of()).values()) {
            JsonNode payment = order.path("payments").get(paymentId);
            if (payment instanceof ObjectNode p) {
                input.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("id")) p.set(f.getKey(), f.getValue());
                });
                return new Answer(200, ok().put("id", p.path("id").asInt()));
            }
        }
        return new Answer(404, error("Not found"));
    }

    private Answer get(FormRequest r, String entity, Map<String, Map<String, ObjectNode>> store, String x) {
        String site = site(r);
        if (site == null) return siteError(r);
        String by = r.param("by") == null ? "externalId" : r.param("by");
        ObjectNode existing = find(store, site, by, x);
        if (existing == null) return new Answer(404, error("Not found"));
        ObjectNode body = ok();
        body.set(entity, existing.deepCopy());
        return new Answer(200, body);
    }

    /** A batch's JSON array in {@code field}, or RetailCRM's 400 for a missing, malformed or too long one. */
    private record Listed(JsonNode list, Answer refusal) {}

    private Listed listed(FormRequest r, String field, int max) {
        JsonNode list;
        try {
            list = r.param(field) == null ? null : Json.parse(r.param(field));
        } catch (RuntimeException e) {
            list = null;
        }
        if (list == null || !list.isArray() || list.isEmpty()) return new Listed(null, new Answer(400, error("Parameter '" + field + "' is missing")));
        if (list.size() > max) {
            return new Listed(null, new Answer(400, error("Errors in the input parameters",
                    Json.object().put(field, "This collection should contain " + max + " elements or less."))));
        }
        return new Listed(list, null);
    }

    private Answer upload(FormRequest r, String field, String entity, Map<String, Map<String, ObjectNode>> store) {
        String site = site(r);
        if (site == null) return siteError(r);
        Listed listed = listed(r, field, 50);
        if (listed.refusal() != null) return listed.refusal();
        JsonNode list = listed.list();
        Map<String, ObjectNode> bySite = store.computeIfAbsent(site, s -> new LinkedHashMap<>());
        ArrayNode uploaded = Json.MAPPER.createArrayNode();
        ArrayNode failed = Json.MAPPER.createArrayNode();
        // field-facts.md: the errors of a 460 are not indexed by entity; a caller cannot tell whose error is whose.
        Map<String, String> errors = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isObject()) {
                errors.put(field, "Errors in the entity format");
                continue;
            }
            ObjectNode input = (ObjectNode) list.get(i);
            String externalId = text(input, "externalId");
            Answer invalid = validate(entity, input, site);
            if (invalid != null || (externalId != null && bySite.containsKey(externalId))) {
                failed.addObject().put("externalId", externalId);
                if (invalid != null) {
                    invalid.body.path("errors").fields().forEachRemaining(e -> errors.put(e.getKey(), e.getValue().asText()));
                } else {
                    errors.put("externalId", entity.equals("order") ? "Order with externalId=" + externalId + " already exists."
                            : customerExists(externalId, true));
                }
                continue;
            }
            ObjectNode saved = input.deepCopy();
            int id = ids.incrementAndGet();
            saved.put("id", id).put("site", site);
            bySite.put(externalId != null ? externalId : "crm-" + id, saved);
            created.add(new Created(entity, externalId, clock.millis()));
            if (entity.equals("order")) {
                normaliseOrder(saved, input);
                recordStatus(saved, null, "api");
            }
            uploaded.addObject().put("id", id).put("externalId", externalId);
        }
        String plural = entity.equals("order") ? "Orders" : "Customers";
        ObjectNode body = failed.isEmpty() && errors.isEmpty() ? ok() : error(plural + " are loaded with errors");
        body.set("uploaded" + plural, uploaded);
        body.set("failed" + plural, failed);
        if (!errors.isEmpty()) {
            if (uploadErrorsAsObject) {
                ObjectNode byField = body.putObject("errors");
                errors.forEach(byField::put);
            } else {
                ArrayNode texts = body.putArray("errors");
                errors.values().forEach(texts::add);
            }
        }
        return new Answer(failed.isEmpty() && errors.isEmpty() ? 201 : 460, body);
    }

    /**
     * Unknown reference codes and unknown customers are refused the way RetailCRM does: 400 {@code Order is not loaded}
     * with field-keyed errors, e.g. {@code {"customer.externalId": "Customer with externalId=2106 not found."}}
     * (field-facts.md; retailcrm/1C-configuration#150). The keys other than {@code customer.externalId} are unverified.
     */
    private Answer validate(String entity, ObjectNode input, String site) {
        ObjectNode errors = Json.object();
        if (entity.equals("order")) {
            String status = text(input, "status");
            if (status != null && !statuses.containsKey(status)) {
                errors.put("status", "\"Status\" with \"code\"=\"" + status + "\" does not exist.");
            }
            String delivery = text(input.path("delivery"), "code");
            if (delivery != null && !deliveryTypes.contains(delivery)) {
                errors.put("delivery.code", "\"DeliveryType\" with \"code\"=\"" + delivery + "\" does not exist.");
            }
            JsonNode payments = input.get("payments");
            if (payments != null && payments.isArray()) {
                for (int i = 0; i < payments.size(); i++) {
                    String type = text(payments.get(i), "type");
                    if (type != null && !paymentTypes.contains(type)) {
                        errors.put("payments[" + i + "].type", "\"PaymentType\" with \"code\"=\"" + type + "\" does not exist.");
                    }
                }
            }
            String customer = text(input.path("customer"), "externalId");
            if (customer != null && !customers.getOrDefault(site, Map.of()).containsKey(customer)) {
                errors.put("customer.externalId", "Customer with externalId=" + customer + " not found.");
            }
        }
        return errors.isEmpty() ? null : new Answer(400, error("Order is not loaded", errors));
    }

    private void normaliseOrder(ObjectNode saved, ObjectNode input) {
        // RetailCRM answers payments as an object keyed by payment id, never as the array it was sent.
        ObjectNode payments = Json.object();
        JsonNode sent = input.get("payments");
        if (sent != null && sent.isArray()) {
            for (JsonNode p : sent) {
                int pid = ids.incrementAndGet();
                payments.set(String.valueOf(pid), ((ObjectNode) p.deepCopy()).put("id", pid));
            }
        }
        saved.set("payments", payments);
        if (input.has("items")) saved.set("items", RetailCrmLines.created(input.get("items"), offerlessLinesMergeByName));
    }

    private String customerExists(String externalId, boolean inUpload) {
        return customerExistsNamesExternalId || inUpload ? "Customer with externalId=" + externalId + " already exists."
                : "Customer already exists.";
    }

    /** By {@code externalId} within the store; by CRM id within the store or the account ({@link #setLookupsByIdSeeOnlyTheSite}). */
    private ObjectNode find(Map<String, Map<String, ObjectNode>> store, String site, String by, String x) {
        if (by.equals("externalId")) return store.getOrDefault(site, Map.of()).get(x);
        for (Map.Entry<String, Map<String, ObjectNode>> s : store.entrySet()) {
            if (lookupsByIdSeeOnlyTheSite && !s.getKey().equals(site)) continue;
            for (ObjectNode o : s.getValue().values()) {
                if (o.path("id").asText().equals(x)) return o;
            }
        }
        return null;
    }

    private String site(FormRequest r) {
        String site = r.param("site");
        if (site == null) return sites.size() == 1 ? sites.iterator().next() : null;
        return sites.contains(site) ? site : null;
    }

    private Answer siteError(FormRequest r) {
        if (r.param("site") == null) return new Answer(400, error("Parameter 'site' is missing"));
        return new Answer(403, error("Access denied."));
    }

    private boolean withinRateLimit(String key) {
        long now = clock.millis();
        Deque<Long> recent = recentByKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst() <= now - 1000) recent.pollFirst();
        if (recent.size() >= requestsPerSecond) return false;
        recent.addLast(now);
        return true;
    }

    private static ObjectNode jsonObject(String text) {
        if (text == null) throw new IllegalArgumentException("missing");
        try {
            JsonNode node = Json.parse(text);
            if (node instanceof ObjectNode o) return o;
        } catch (RuntimeException ignored) {
            // fall through: not a JSON object
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    private static String text(JsonNode node, String field) {
        return Json.text(node, field);
    }

    private static ObjectNode ok() {
        return Json.object().put("success", true);
    }

    private static ObjectNode error(String message) {
        return Json.object().put("success", false).put("errorMsg", message);
    }

    private static ObjectNode error(String message, ObjectNode errors) {
        ObjectNode body = error(message);
        body.set("errors", errors);
        return body;
    }

    private void respond(HttpExchange exchange, FormRequest request, int status, JsonNode body) throws IOException {
        if (request != null) {
            Map<String, String> params = new LinkedHashMap<>(request.query());
            params.putAll(request.form());
            params.remove("apiKey");
            calls.add(new Call(request.method(), request.path(), Collections.unmodifiableMap(params), status, clock.millis()));
        }
        if (status == 503 && retryAfterSeconds > 0) exchange.getResponseHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
        JsonHttpServer.json(exchange, status, Json.write(body));
    }

    /**
     * RetailCRM loads the store's ICML catalog (what it does every few hours from the feed URL set in the store's
     * settings): every {@code <offer id>} becomes an offer of the store whose {@code externalId} is that id, with its
     * {@code quantity} and {@code price}. Returns the number of offers loaded.
     */
    public synchronized int loadCatalog(String site, InputStream icml) throws XMLStreamException {
        Map<String, ObjectNode> bySite = offers.computeIfAbsent(site, k -> new LinkedHashMap<>());
        XMLStreamReader xml = XMLInputFactory.newFactory().createXMLStreamReader(icml);
        ObjectNode current = null;
        int loaded = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("offer")) {
                current = Json.object().put("externalId", xml.getAttributeValue(null, "id"));
                String quantity = xml.getAttributeValue(null, "quantity");
                if (quantity != null) current.put("quantity", new BigDecimal(quantity));
                bySite.put(current.get("externalId").asText(), current);
                loaded++;
            } else if (event == XMLStreamConstants.START_ELEMENT && current != null && xml.getLocalName().equals("price")) {
                current.put("price", new BigDecimal(xml.getElementText().trim()));
            } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("offer")) {
                current = null;
            }
        }
        return loaded;
    }

    /** An offer of the store's catalog as the CRM has it now ({@code quantity}, {@code price}, {@code stores}, {@code prices}), or null. */
    public synchronized ObjectNode offer(String site, String externalId) {
        ObjectNode o = offers.getOrDefault(site, Map.of()).get(externalId);
        return o == null ? null : o.deepCopy();
    }

    /**
     * {@code store/inventories/upload} ({@code offers}: {@code [{externalId|id|xmlId, stores: [{code, available,
     * purchasePrice}]}]}) and {@code store/prices/upload} ({@code prices}: {@code [{externalId|id|xmlId, site, prices:
     * [{code, price}]}]}), per the official clients (retailcrm/api-client-php v6 {@code InventoriesUploadRequest},
     * {@code PricesUploadRequest}; api-client-go {@code InventoryUpload}); at most 250 offers a call, as the .NET client
     * enforces for both. Answer 200 {@code {success, processedOffersCount, notFoundOffers}} (the v6 response models);
     * offers the store's catalog lacks are listed in {@code notFoundOffers}, not refused. Unverified and chosen here:
     * the wording of the errors below, that a warehouse {@code code} is required (every public client sends one), and
     * that {@code processedOffersCount} counts the offers found.
     */
    private Answer uploadStock(FormRequest r, String field) {
        Listed listed = listed(r, field, 250);
        if (listed.refusal() != null) return listed.refusal();
        JsonNode list = listed.list();
        boolean inventories = field.equals("offers");
        for (JsonNode entry : list) {
            boolean named = entry.isObject() && (text(entry, "externalId") != null || text(entry, "id") != null || text(entry, "xmlId") != null);
            JsonNode parts = entry.path(inventories ? "stores" : "prices");
            boolean coded = parts.isArray() && !parts.isEmpty();
            for (JsonNode part : parts) coded &= text(part, "code") != null;
            if (!named || !coded) return new Answer(400, error("Errors in the entity format"));
        }
        ArrayNode notFound = Json.MAPPER.createArrayNode();
        int processed = 0;
        for (JsonNode entry : list) {
            String site = inventories || text(entry, "site") == null ? site(r) : sites.contains(text(entry, "site")) ? text(entry, "site") : null;
            if (site == null) return siteError(r);
            ObjectNode offer = offers.getOrDefault(site, Map.of()).get(String.valueOf(text(entry, "externalId")));
            if (offer == null) {
                notFound.addObject().put("externalId", text(entry, "externalId"));
                continue;
            }
            processed++;
            ObjectNode byCode = offer.has(inventories ? "stores" : "prices") ? (ObjectNode) offer.get(inventories ? "stores" : "prices")
                    : offer.putObject(inventories ? "stores" : "prices");
            for (JsonNode part : entry.path(inventories ? "stores" : "prices")) {
                JsonNode value = part.get(inventories ? "available" : "price");
                if (value != null) byCode.set(text(part, "code"), value);
            }
        }
        ObjectNode body = ok().put("processedOffersCount", processed);
        body.set("notFoundOffers", notFound);
        return new Answer(200, body);
    }

    /** For tests: every order of a site. */
    public synchronized List<ObjectNode> orders(String site) {
        List<ObjectNode> all = new ArrayList<>();
        orders.getOrDefault(site, Map.of()).values().forEach(o -> all.add(o.deepCopy()));
        return all;
    }
}
