package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import shopsync.events.Json;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.delivery.RateGate;

/**
 * RetailCRM API v5 over Micronaut's HTTP client: the key in {@code X-API-KEY}, writes as
 * {@code application/x-www-form-urlencoded} with the entity JSON in one field plus {@code site}, path ids
 * URL-encoded. The key is never part of a URL, a log line or an exception message.
 */
public final class RetailCrmClient implements AutoCloseable {
    private final HttpClient http;
    private final BlockingHttpClient blocking;
    private final String apiKey;
    private final String site;
    private final RateGate gate;

    public RetailCrmClient(String baseUrl, String apiKey, String site, Duration timeout) {
        this(baseUrl, apiKey, site, timeout, new RateGate(10));
    }

    /** @param gate the account's request budget (10/s by default), shared by every thread using this client */
    public RetailCrmClient(String baseUrl, String apiKey, String site, Duration timeout, RateGate gate) {
        DefaultHttpClientConfiguration config = new DefaultHttpClientConfiguration();
        config.setReadTimeout(timeout);
        config.setConnectTimeout(timeout);
        config.setExceptionOnErrorStatus(true);
        try {
            this.http = HttpClient.create(URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/").toURL(), config);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("retailcrm.url is not a URL: " + baseUrl, e);
        }
        this.blocking = http.toBlocking();
        this.apiKey = apiKey;
        this.site = site;
        this.gate = gate;
    }

    public RateGate gate() {
        return gate;
    }

    /** The store ({@code site}) every write and look-up names. */
    public String site() {
        return site;
    }

    public CrmResponse createOrder(JsonNode order) {
        return post("api/v5/orders/create", Map.of("order", Json.write(order)));
    }

    public CrmResponse editOrder(String externalId, JsonNode order) {
        return post("api/v5/orders/" + pathId(externalId) + "/edit", Map.of("order", Json.write(order), "by", "externalId"));
    }

    /** Creates up to 50 orders in one request; 460 when some of them failed ({@code failedOrders}). */
    public CrmResponse uploadOrders(JsonNode orders) {
        return post("api/v5/orders/upload", Map.of("orders", Json.write(orders)));
    }

    /** Creates up to 50 customers in one request; 460 when some of them failed ({@code failedCustomers}). */
    public CrmResponse uploadCustomers(JsonNode customers) {
        return post("api/v5/customers/upload", Map.of("customers", Json.write(customers)));
    }

    /** Sets stock of up to 250 offers ({@code offers}: {@code [{externalId, stores: [{code, available}]}]}). */
    public CrmResponse uploadInventories(JsonNode offers) {
        return post("api/v5/store/inventories/upload", Map.of("offers", Json.write(offers)));
    }

    /** Sets prices of up to 250 offers ({@code prices}: {@code [{externalId, site, prices: [{code, price}]}]}). */
    public CrmResponse uploadPrices(JsonNode prices) {
        return post("api/v5/store/prices/upload", Map.of("prices", Json.write(prices)));
    }

    public CrmResponse getOrder(String id, String by) {
        return get("api/v5/orders/" + pathId(id), Map.of("by", by, "site", site));
    }

    /** Edits one payment of an order by its CRM id ({@code payment} carries that {@code id}, as the edit requires). */
    public CrmResponse editPayment(String paymentId, JsonNode payment) {
        return post("api/v5/orders/payments/" + pathId(paymentId) + "/edit", Map.of("payment", Json.write(payment), "by", "id"));
    }

    public CrmResponse getCustomer(String id, String by) {
        return get("api/v5/customers/" + pathId(id), Map.of("by", by, "site", site));
    }

    /** The orders of this store with any of these externalIds (one page of at most 20: pass at most 20 ids). */
    public CrmResponse ordersByExternalIds(List<String> externalIds) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < externalIds.size(); i++) query.put("filter[externalIds][" + i + "]", externalIds.get(i));
        query.put("filter[sites][0]", site);
        query.put("limit", "20");
        return get("api/v5/orders", query);
    }

    public CrmResponse createCustomer(JsonNode customer) {
        return post("api/v5/customers/create", Map.of("customer", Json.write(customer)));
    }

    public CrmResponse editCustomer(String externalId, JsonNode customer) {
        return post("api/v5/customers/" + pathId(externalId) + "/edit",
                Map.of("customer", Json.write(customer), "by", "externalId"));
    }

    /** One page of {@code orders/history} after {@code sinceId} (ascending ids). */
    public CrmResponse orderHistory(long sinceId, int page, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filter[sinceId]", String.valueOf(sinceId));
        query.put("page", String.valueOf(page));
        query.put("limit", String.valueOf(limit));
        return get("api/v5/orders/history", query);
    }

    /** A reference dictionary: {@code statuses}, {@code delivery-types}, {@code payment-types}, {@code sites}. */
    public CrmResponse reference(String name) {
        return get("api/v5/reference/" + name, Map.of());
    }

    /**
     * What the key may do ({@code GET /api/credentials}, unversioned): {@code credentials}, the API methods it may call
     * named like {@code /api/reference/sites} and {@code /api/integration-modules/{code}/edit} (no version, path ids as
     * placeholders); {@code siteAccess} {@code access_full} or {@code access_selective}, then {@code sitesAvailable}
     * lists the stores it sees; newer keys also list {@code scopes}. Shapes from the official PHP client
     * ({@code retailcrm/api-client-php:src/Model/Response/Api/Credentials.php}, {@code tests/src/ResourceGroup/ApiTest.php})
     * and the PrestaShop module's test data ({@code DataRetailcrmReferences::getCredentials}).
     */
    public CrmResponse credentials() {
        return get("api/credentials", Map.of());
    }

    /**
     * The API methods shopsync calls, named as {@link #credentials()} lists them: every order and customer write and
     * look-up; {@code orders/history} only when the history poller runs, payment edits only with paid statuses.
     */
    public static List<String> methodsUsed(boolean history, boolean paymentEdits) {
        List<String> methods = new ArrayList<>(List.of("/api/orders", "/api/orders/{externalId}", "/api/orders/create",
                "/api/orders/{externalId}/edit", "/api/orders/upload", "/api/customers/{externalId}", "/api/customers/create",
                "/api/customers/{externalId}/edit", "/api/customers/upload"));
        if (history) methods.add("/api/orders/history");
        if (paymentEdits) methods.add("/api/orders/payments/{id}/edit");
        return methods;
    }

    private CrmResponse post(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("site", site);
        MutableHttpRequest<String> request = HttpRequest.POST(path, encode(form))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
        return send(request);
    }

    private CrmResponse get(String path, Map<String, String> query) {
        return send(HttpRequest.GET(query.isEmpty() ? path : path + "?" + encode(query)));
    }

    private CrmResponse send(MutableHttpRequest<?> request) {
        request.header("X-API-KEY", apiKey).accept(MediaType.APPLICATION_JSON_TYPE);
        try {
            gate.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrmUnreachable("interrupted while waiting for the rate limit", e);
        }
        try {
            HttpResponse<String> response = blocking.exchange(request, String.class);
            return new CrmResponse(response.code(), parse(response.getBody().orElse("")));
        } catch (HttpClientResponseException e) {
            CrmResponse answer = new CrmResponse(e.code(), parse(e.getResponse().getBody(String.class).orElse("")));
            if (e.code() == 503 || e.code() == 429) {
                // RetailCRM's rate limit answers 503 (retailcrm-api.md, "Rate limit"; Go's client also treats 429).
                gate.limited();
                retryAfter(e.getResponse().getHeaders().get("Retry-After"));
            }
            return answer;
        } catch (HttpClientException e) {
            throw new CrmUnreachable("RetailCRM unreachable: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Honours a Retry-After in seconds (the HTTP-date form is rare for APIs and ignored). */
    private void retryAfter(String header) {
        if (header == null) return;
        try {
            long seconds = Long.parseLong(header.trim());
            if (seconds > 0 && seconds <= 300) gate.pauseFor(Duration.ofSeconds(seconds));
        } catch (NumberFormatException ignored) {
            // not a number of seconds
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? Json.object() : Json.parse(body);
        } catch (RuntimeException notJson) {
            // A 503 from the rate limiter or a proxy may come as HTML.
            return Json.object().put("success", false).put("errorMsg", "non-JSON answer");
        }
    }

    private static String pathId(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public void close() {
        http.close();
    }
}
