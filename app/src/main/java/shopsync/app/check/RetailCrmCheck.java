package shopsync.app.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import shopsync.app.config.PreflightSettings;
import shopsync.app.config.ShopList;
import shopsync.events.Json;
import shopsync.events.OrderExternalId;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.delivery.Delivery.TransientFailure;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.retailcrm.CrmResponse;
import shopsync.sink.retailcrm.OrderNamingCheck;
import shopsync.sink.retailcrm.RetailCrmClient;
import shopsync.sink.retailcrm.RetailCrmSettings;

/**
 * The RetailCRM account as shopsync will use it: the key ({@code /api/credentials}: accepted, the methods it may
 * call, the stores it sees), the store, every mapped code against the live reference books (exists, active), every
 * shop status, delivery and payment mapped or ignored, and the order naming the store already holds
 * ({@link OrderNamingCheck}). A CRM that does not answer is a warning: shopsync keeps orders until it does.
 */
final class RetailCrmCheck {
    private static final String KEYS_PAGE = "Administration → Integration → API access keys";

    record Result(List<CheckReport.Entry> entries, int stores) {}

    /** A call's answer, or why there is none. */
    private record Answer(CrmResponse response, String unreachable) {}

    private final PreflightSettings.RetailCrm settings;
    private final RetailCrmSettings account;
    private final Set<Integer> draftStatuses;
    private final Findings f = new Findings("retailcrm");
    private int stores = -1;

    private RetailCrmCheck(PreflightSettings.RetailCrm settings, Set<Integer> draftStatuses) {
        this.settings = settings;
        this.account = settings.account();
        this.draftStatuses = draftStatuses;
    }

    /**
     * @param draftStatuses shop statuses that never reach a CRM, so need no mapping
     * @param shop the shop's lists and newest orders, or null when its database cannot be read
     */
    static Result run(PreflightSettings.RetailCrm settings, Set<Integer> draftStatuses, CompletableFuture<ShopFacts> shop, Duration timeout,
                      Executor pool) {
        RetailCrmCheck check = new RetailCrmCheck(settings, draftStatuses);
        Duration t = settings.account().timeout().compareTo(timeout) < 0 ? settings.account().timeout() : timeout;
        try (RetailCrmClient client = new RetailCrmClient(settings.account().url(), settings.account().apiKey(), settings.account().site(), t,
                new RateGate(settings.account().rateLimit()))) {
            check.run(client, shop, pool);
        }
        return new Result(check.f.entries(), check.stores);
    }

    private void run(RetailCrmClient client, CompletableFuture<ShopFacts> shop, Executor pool) {
        Answer credentials = call(client::credentials);
        if (!keyWorks(credentials)) return;
        CompletableFuture<Answer> sites = CompletableFuture.supplyAsync(() -> call(() -> client.reference("sites")), pool);
        Map<ShopList, CompletableFuture<Answer>> books = new LinkedHashMap<>();
        for (ShopList list : ShopList.values()) {
            books.put(list, CompletableFuture.supplyAsync(() -> call(() -> client.reference(book(list))), pool));
        }
        methods(credentials.response().body());
        store(credentials.response().body(), sites.join());
        books.forEach((list, answer) -> mapping(list, answer.join()));
        ShopFacts facts = shop.join();
        if (facts == null) {
            f.warning("shop lists", "not compared: the shop's database could not be read (see above)", "fix the shop database first");
            return;
        }
        for (ShopList list : ShopList.values()) coverage(list, facts);
        naming(client, facts);
    }

    private static Answer call(Supplier<CrmResponse> request) {
        try {
            return new Answer(request.get(), null);
        } catch (CrmUnreachable e) {
            return new Answer(null, e.getMessage());
        }
    }

    private boolean keyWorks(Answer a) {
        if (a.response() == null) {
            f.warning("API key", "not checked: RetailCRM at " + account.url() + " did not answer (" + a.unreachable() + ")",
                    "check retailcrm.url and that this host reaches it; until it answers, shopsync keeps the orders and retries");
            return false;
        }
        CrmResponse r = a.response();
        if (r.success()) {
            f.ok("API key", "accepted by " + account.url());
            return true;
        }
        if (r.status() == 403) {
            f.problem("API key", "RetailCRM refuses retailcrm.api-key: " + r.errorMsg() + " (the other RetailCRM checks need the key)",
                    "set retailcrm.api-key (or SHOPSYNC_RETAILCRM_API_KEY) to an active key from " + KEYS_PAGE);
        } else if (r.status() == 404 || r.status() == 405 || "Account does not exist.".equals(r.errorMsg())) {
            // A wrong subdomain answers an HTML page, not the API's JSON (retailcrm-api.md §4).
            f.problem("account", account.url() + " is not a RetailCRM account (HTTP " + r.status() + ", " + r.errorMsg() + ")",
                    "set retailcrm.url to the account's address, e.g. https://myshop.retailcrm.ru");
        } else {
            f.warning("API key", "not checked: RetailCRM answered HTTP " + r.status() + " (" + r.describe() + ")",
                    "run shopsync check again later");
        }
        return false;
    }

    /** The methods the key may call, normalised: path ids are placeholders whose names the sources do not fix. */
    private void methods(JsonNode credentials) {
        Set<String> allowed = new TreeSet<>();
        credentials.path("credentials").forEach(m -> allowed.add(normalise(m.asText())));
        if (allowed.isEmpty()) {
            List<String> scopes = new ArrayList<>();
            credentials.path("scopes").forEach(s -> scopes.add(s.asText()));
            f.warning("key's methods", scopes.isEmpty() ? "RetailCRM did not list the methods the key may call: not verified"
                            : "the key lists scopes (" + String.join(", ", scopes) + "), not methods: its rights are not verified",
                    "make sure the key may read and write orders and customers (" + KEYS_PAGE + ")");
            return;
        }
        List<String> used = RetailCrmClient.methodsUsed(account.historyEnabled(), settings.paymentEdits());
        List<String> missing = used.stream().filter(m -> !allowed.contains(normalise(m))).toList();
        if (missing.isEmpty()) f.ok("key's methods", "the key may call the " + used.size() + " methods shopsync uses");
        else f.problem("key's methods", "the key may not call " + String.join(", ", missing), "allow them for the key in " + KEYS_PAGE);
    }

    private static String normalise(String method) {
        return method.replaceAll("\\{[^}]*}", "{}");
    }

    private void store(JsonNode credentials, Answer sites) {
        String site = account.site();
        boolean selective = "access_selective".equals(Json.text(credentials, "siteAccess"));
        List<String> visible = new ArrayList<>();
        credentials.path("sitesAvailable").forEach(s -> visible.add(s.asText()));
        if (selective && !visible.contains(site)) {
            f.problem("store", "the key sees only the stores " + visible + ", not '" + site + "'",
                    "give the key access to store '" + site + "' (" + KEYS_PAGE + "), or set retailcrm.site to one of them");
            return;
        }
        String access = selective ? "the key sees the stores " + visible : "the key sees every store";
        if (sites.response() == null || !sites.response().success()) {
            if (selective) f.ok("store", "'" + site + "' is one of the stores the key sees " + visible);
            else f.warning("store", "not verified: reference/sites " + failure(sites), "let the key read reference books");
            return;
        }
        Map<String, Boolean> codes = codes(sites.response().body().path("sites"));
        stores = codes.size();
        if (!codes.containsKey(site)) {
            f.problem("store", "RetailCRM has no store '" + site + "' (it has: " + list(codes.keySet()) + ")",
                    "set retailcrm.site to the store's symbolic code (Administration → Stores)");
        } else {
            f.ok("store", "'" + site + "' exists (" + codes.size() + " store(s) in the account; " + access + ")");
        }
    }

    private void mapping(ShopList list, Answer answer) {
        String check = noun(list) + " mapping";
        if (answer.response() == null || !answer.response().success()) {
            f.warning(check, "not verified: reference/" + book(list) + " " + failure(answer),
                    "let the key read reference books, so shopsync check can compare " + list.mappingKey() + " with them");
            return;
        }
        Map<String, Boolean> codes = codes(answer.response().body().path(field(list)));
        boolean fine = true;
        for (Map.Entry<String, String> e : new TreeMap<>(settings.mappings().get(list)).entrySet()) {
            Boolean active = codes.get(e.getValue());
            if (active == null) {
                fine = false;
                f.problem(check, list.mappingKey() + " " + e.getKey() + " → '" + e.getValue() + "': RetailCRM has no such " + noun(list)
                        + " (it has: " + list(codes.keySet()) + ")", "use one of its codes (Administration → Reference books), or create it");
            } else if (!active) {
                fine = false;
                f.problem(check, list.mappingKey() + " " + e.getKey() + " → '" + e.getValue() + "': the " + noun(list)
                        + " exists in RetailCRM but is not active", "activate it in RetailCRM's reference book, or map to an active one");
            }
        }
        if (list == ShopList.STATUSES) {
            for (String code : settings.syncStatuses()) {
                if (!codes.containsKey(code)) {
                    f.warning(check, "retailcrm.sync-statuses lists '" + code + "', which is no RetailCRM status", "remove it, or correct it");
                }
            }
        }
        if (fine) {
            f.ok(check, new TreeSet<>(settings.mappings().get(list).values()).size() + " mapped code(s), each exists and is active");
        }
    }

    /** Every active shop row is mapped or ignored; every mapped id is one the shop has. */
    private void coverage(ShopList list, ShopFacts facts) {
        String check = "shop " + list.noun() + " ids";
        Map<String, String> mapped = settings.mappings().get(list);
        Set<String> ignored = settings.ignored().get(list);
        Map<String, ShopFacts.Row> rows = facts.lists().getOrDefault(list, Map.of());
        int active = 0;
        boolean fine = true;
        for (Map.Entry<String, ShopFacts.Row> row : rows.entrySet()) {
            if (!row.getValue().active() || list == ShopList.STATUSES && draft(row.getKey())) continue;
            active++;
            if (mapped.containsKey(row.getKey()) || ignored.contains(row.getKey())) continue;
            fine = false;
            f.warning(check, "shop " + list.noun() + " " + row.getKey() + " '" + row.getValue().name() + "' is neither mapped nor "
                            + "ignored: an order that uses it goes to sync.dlq",
                    "map it in " + list.mappingKey() + ", or list it in " + list.ignoredKey());
        }
        for (String id : new TreeSet<>(mapped.keySet())) {
            if (!rows.containsKey(id)) {
                fine = false;
                f.warning(check, list.mappingKey() + " maps " + list.noun() + " " + id + ", which the shop does not have",
                        "remove it, or correct the id (the id column of " + list.table() + ")");
            }
        }
        if (fine) f.ok(check, "every active shop " + list.noun() + " (" + active + ") is mapped or ignored");
    }

    private boolean draft(String statusId) {
        return statusId.matches("\\d+") && draftStatuses.contains(Integer.parseInt(statusId));
    }

    private void naming(RetailCrmClient client, ShopFacts facts) {
        Map<String, String> sample = facts.newestOrders();
        if (sample.isEmpty()) {
            f.ok("order naming", "the shop has no orders yet: nothing to compare");
            return;
        }
        OrderExternalId scheme = account.orderExternalId();
        OrderExternalId other = scheme == OrderExternalId.ID ? OrderExternalId.NUM : OrderExternalId.ID;
        OrderNamingCheck.Verdict verdict;
        try {
            verdict = OrderNamingCheck.verdict(client, scheme, account.site(), sample);
        } catch (CrmUnreachable | TransientFailure e) {
            f.warning("order naming", "not checked: " + e.getMessage(), "run shopsync check again later");
            return;
        }
        if (verdict.mismatch() != null) {
            f.problem("order naming", verdict.mismatch(), "set retailcrm.order-external-id=" + other.key());
        } else if (verdict.alreadyThere() > 0) {
            f.ok("order naming", "by " + scheme.key() + ": " + verdict.alreadyThere() + " of the " + sample.size()
                    + " newest shop orders are in store '" + account.site() + "' under that name");
        } else {
            f.ok("order naming", "by " + scheme.key() + ": none of the " + sample.size() + " newest shop orders is in store '"
                    + account.site() + "' yet, under either name");
        }
    }

    /**
     * A reference book's codes and whether each is active. Books are objects keyed by code (retailcrm-api.md §2); some
     * module test data shows lists of entries instead, so both are read, and an entry without {@code active} counts as
     * active.
     */
    private static Map<String, Boolean> codes(JsonNode book) {
        Map<String, Boolean> codes = new TreeMap<>();
        if (book.isObject()) {
            book.fields().forEachRemaining(e -> codes.put(Json.text(e.getValue(), "code") != null ? Json.text(e.getValue(), "code")
                    : e.getKey(), e.getValue().path("active").asBoolean(true)));
        } else {
            for (JsonNode entry : book) {
                if (Json.text(entry, "code") != null) codes.put(Json.text(entry, "code"), entry.path("active").asBoolean(true));
            }
        }
        return codes;
    }

    private static String failure(Answer a) {
        return a.response() == null ? "got no answer (" + a.unreachable() + ")"
                : "answered HTTP " + a.response().status() + " (" + a.response().errorMsg() + ")";
    }

    /** At most 15 codes: a long reference book would drown the report. */
    private static String list(Set<String> codes) {
        List<String> all = new ArrayList<>(codes);
        return all.size() <= 15 ? String.join(", ", all) : String.join(", ", all.subList(0, 15)) + ", … (" + all.size() + " in all)";
    }

    private static String book(ShopList list) {
        return switch (list) {
            case STATUSES -> "statuses";
            case DELIVERIES -> "delivery-types";
            case PAYMENTS -> "payment-types";
        };
    }

    private static String field(ShopList list) {
        return switch (list) {
            case STATUSES -> "statuses";
            case DELIVERIES -> "deliveryTypes";
            case PAYMENTS -> "paymentTypes";
        };
    }

    private static String noun(ShopList list) {
        return switch (list) {
            case STATUSES -> "status";
            case DELIVERIES -> "delivery type";
            case PAYMENTS -> "payment type";
        };
    }
}
