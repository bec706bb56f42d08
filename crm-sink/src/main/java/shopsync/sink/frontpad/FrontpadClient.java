package shopsync.sink.frontpad;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import shopsync.events.Json;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.frontpad.FrontpadBudget.Use;

/**
 * Frontpad's API over Micronaut's HTTP client: {@code POST <url>?<method>} with a form body that carries the
 * {@code secret} (never logged) and PHP-style arrays ({@code product[0]=…}). Frontpad answers errors with
 * HTTP 200 and {@code {"result":"error","error":"<code>"}}; only such an answer says a call did nothing. No answer
 * throws {@link CrmUnreachable}, which says whether the request may have reached Frontpad
 * ({@link CrmUnreachable#requestLeft()}).
 */
public final class FrontpadClient implements AutoCloseable {
    private static final String EMPTY_ANSWER = "empty_answer";
    private static final String NOT_JSON = "not_json";
    private final HttpClient http;
    private final BlockingHttpClient blocking;
    private final String path;
    private final String secret;
    private final FrontpadBudget budget;
    private final RateGate gate;

    /** Every call waits for {@code budget}, {@code new_order} first. */
    public FrontpadClient(String url, String secret, Duration timeout, FrontpadBudget budget) {
        this(url, secret, timeout, budget, null);
    }

    /** Every call waits for {@code gate}, in arrival order (no per-minute limit, no priority): for tests. */
    public FrontpadClient(String url, String secret, Duration timeout, RateGate gate) {
        this(url, secret, timeout, null, gate);
    }

    private FrontpadClient(String url, String secret, Duration timeout, FrontpadBudget budget, RateGate gate) {
        DefaultHttpClientConfiguration config = new DefaultHttpClientConfiguration();
        config.setReadTimeout(timeout);
        config.setConnectTimeout(timeout);
        URI uri = URI.create(url);
        try {
            this.http = HttpClient.create(new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), "/", null, null).toURL(), config);
        } catch (MalformedURLException | URISyntaxException e) {
            throw new IllegalArgumentException("frontpad.url is not a URL: " + url, e);
        }
        this.blocking = http.toBlocking();
        this.path = uri.getRawPath();
        this.secret = secret;
        this.budget = budget;
        this.gate = gate;
    }

    /** One API call, counted as a new order or as other use of the budget. */
    public FrontpadAnswer call(String method, JsonNode fields) {
        return call(method.equals("new_order") ? Use.NEW_ORDER : Use.OTHER, method, fields);
    }

    /** One API call; {@code fields} values are strings or JSON arrays (sent as {@code name[i]}). */
    public FrontpadAnswer call(Use use, String method, JsonNode fields) {
        try {
            if (budget != null) budget.acquire(use);
            else gate.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrmUnreachable("interrupted while waiting for the rate limit", e, false);
        }
        return send(method, fields);
    }

    /** One API call if the budget has room for it now, else null (nothing sent). */
    public FrontpadAnswer callIfBudgetAllows(Use use, String method, Map<String, String> fields) {
        if (budget == null) return call(use, method, fields);
        if (!budget.tryAcquire(use)) return null;
        var node = Json.object();
        fields.forEach(node::put);
        return send(method, node);
    }

    private FrontpadAnswer send(String method, JsonNode fields) {
        List<String> form = new ArrayList<>();
        form.add(enc("secret") + "=" + enc(secret));
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray()) {
                for (int i = 0; i < e.getValue().size(); i++) form.add(enc(e.getKey() + "[" + i + "]") + "=" + enc(e.getValue().get(i).asText()));
            } else {
                form.add(enc(e.getKey()) + "=" + enc(e.getValue().asText()));
            }
        }
        HttpResponse<String> response;
        try {
            response = blocking.exchange(HttpRequest.POST(path + "?" + method, String.join("&", form))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE), String.class);
        } catch (HttpClientResponseException e) {
            // Frontpad answers every error with HTTP 200: a 5xx comes from a proxy in front of it, after the request arrived.
            throw new CrmUnreachable("Frontpad answered HTTP " + e.code(), e, true);
        } catch (HttpClientException e) {
            boolean left = !neverConnected(e);
            throw new CrmUnreachable("Frontpad unreachable: " + e.getClass().getSimpleName()
                    + (left ? " (no answer after sending)" : " (could not connect)"), e, left);
        }
        FrontpadAnswer answer = FrontpadAnswer.of(response.getBody().orElse(""));
        if (answer.error().equals(EMPTY_ANSWER) || answer.error().equals(NOT_JSON)) {
            throw new CrmUnreachable("Frontpad answered without a result (" + answer.error() + ")", null, true);
        }
        return answer;
    }

    /**
     * Whether the request surely never left: the connection could not be made (refused, connect timeout, unknown
     * host), so Frontpad never saw the form. Everything after the connection is made (read timeout, a connection cut
     * while waiting, a 5xx from a proxy) may come after Frontpad created the order.
     */
    static boolean neverConnected(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof NoRouteToHostException) return true;
        }
        return false;
    }

    public FrontpadAnswer call(String method, Map<String, String> fields) {
        return call(method.equals("new_order") ? Use.NEW_ORDER : Use.OTHER, method, fields);
    }

    public FrontpadAnswer call(Use use, String method, Map<String, String> fields) {
        var node = Json.object();
        fields.forEach(node::put);
        return call(use, method, node);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }

    /** Frontpad's answer: {@code result} success or error with its code. */
    public record FrontpadAnswer(JsonNode body) {
        static FrontpadAnswer of(String text) {
            try {
                JsonNode body = text.isBlank() || text.trim().equals("null") ? null : Json.parse(text);
                return body == null || !body.isObject() ? failure(EMPTY_ANSWER) : new FrontpadAnswer(body);
            } catch (RuntimeException e) {
                return failure(NOT_JSON);
            }
        }

        static FrontpadAnswer failure(String code) {
            return new FrontpadAnswer(Json.object().put("result", "error").put("error", code));
        }

        public boolean success() {
            return "success".equals(body.path("result").asText());
        }

        public String error() {
            return body.path("error").asText("unknown_error");
        }
    }
}
