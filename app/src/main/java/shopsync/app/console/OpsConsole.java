package shopsync.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.app.check.CheckReport;
import shopsync.app.ops.DeadLetters;
import shopsync.app.ops.OrderTrail;
import shopsync.app.ops.Trail;
import shopsync.events.Masking;
import shopsync.http.FormRequest;
import shopsync.http.JsonHttpServer;

/**
 * The web console on the ops port: server-rendered pages (templates in {@code src/main/jte}, compiled by the build;
 * every value is HTML-escaped by the template engine) over what {@code shopsync status}, {@code shopsync trail},
 * {@code shopsync dlq} and {@code shopsync check} show, and buttons for re-drive and Frontpad's resolve. An action is a POST that carries the ops token in its form;
 * without a configured token the console only shows. The token is never logged or echoed; personal data is masked
 * as in the logs.
 */
public final class OpsConsole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsConsole.class);
    private static final int MAX_FORM_BYTES = 16 * 1024;
    private static final String ID = "\\d{1,19}";
    private static final String TARGET = "[a-z][a-z0-9-]{0,31}";

    private final Sources sources;
    private final OpsToken token;
    private final Throughput throughput;
    private final ScheduledExecutorService sampler;
    private final TemplateEngine pages = TemplateEngine.createPrecompiled(null, ContentType.Html, OpsConsole.class.getClassLoader(),
            "shopsync.app.console");

    /**
     * What the console reads and acts on, all of the running process.
     *
     * @param status the status report ({@code /status})
     * @param metrics the process's counters (throughput, request budgets)
     * @param deadLetters the dead-letter tools, printing what they do to the stream given
     * @param trails an order's trail by shop order id or number; throws {@link Trail.UnknownOrder} for one nothing is known of
     * @param check the preflight ({@code shopsync check}), run when asked
     */
    public record Sources(Supplier<JsonNode> status, MeterRegistry metrics, Function<PrintStream, DeadLetters> deadLetters,
                          Function<String, OrderTrail> trails, Supplier<CheckReport> check) {}

    /** @param token the configured {@code ops.token}, or null: the console then only shows */
    public OpsConsole(Sources sources, String token, Clock clock) {
        this.sources = sources;
        this.token = OpsToken.of(token);
        this.throughput = new Throughput(sources.metrics(), clock);
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shopsync-console-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(throughput::sample, 0, 5, TimeUnit.SECONDS);
    }

    /** The console's routes, by path prefix, for the ops server. */
    public Map<String, HttpHandler> routes() {
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/", this::root);
        routes.put("/console", this::handle);
        return routes;
    }

    private void root(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            JsonHttpServer.reply(ex, 404, "text/plain; charset=utf-8", "not found; the console is at /console\n");
            return;
        }
        ex.getResponseHeaders().set("Location", "/console");
        ex.sendResponseHeaders(303, -1);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        try {
            switch (path) {
                case "/console", "/console/" -> page(ex, method, () -> render(200, "overview.jte", Map.of("page", overview())));
                case "/console/dead-letters" -> page(ex, method, () -> render(200, "dead-letters.jte", Map.of("rows", openDeadLetters(null))));
                case "/console/orders" -> page(ex, method, () -> order(query(ex, "q")));
                case "/console/check" -> page(ex, method, () -> render(200, "check.jte", Map.of("report", CheckView.of(sources.check().get()))));
                case "/console/style.css" -> style(ex);
                case "/console/redrive" -> action(ex, method, "Re-drive", this::redrive);
                case "/console/resolve" -> action(ex, method, "Resolve", this::resolve);
                default -> send(ex, result(404, "Not found", false, "There is no page " + path + " in the console."));
            }
        } catch (RuntimeException e) {
            log.warn("console: {} {} failed: {}", method, path, Masking.mask(String.valueOf(e.getMessage())));
            send(ex, result(500, "Something failed", false, Masking.mask(String.valueOf(e.getMessage()))));
        }
    }

    /** An answer: status and HTML. */
    private record Page(int status, String html) {}

    private void page(HttpExchange ex, String method, Supplier<Page> page) throws IOException {
        if (!method.equals("GET")) {
            send(ex, result(405, "Method not allowed", false, "Pages are read with GET."));
            return;
        }
        send(ex, page.get());
    }

    private void action(HttpExchange ex, String method, String title, Function<FormRequest, Page> act) throws IOException {
        if (!method.equals("POST")) {
            send(ex, result(405, title, false, "Actions are POST forms; open the dead letters page."));
            return;
        }
        FormRequest form;
        try {
            form = FormRequest.read(ex, MAX_FORM_BYTES);
        } catch (IOException e) {
            // Not the parser's words: they may quote the body, and the body carries the token.
            send(ex, result(400, title, false, "The form could not be read. Nothing was done."));
            return;
        }
        if (!token.configured()) {
            send(ex, result(403, title, false, "The console is read-only: no ops.token is configured. Nothing was done."));
            return;
        }
        if (!token.accepts(form.param("token"))) {
            log.warn("console: {} refused: missing or wrong ops token (from {})", title.toLowerCase(), ex.getRemoteAddress().getAddress());
            send(ex, result(403, title, false, "Wrong or missing ops token. Nothing was done."));
            return;
        }
        send(ex, act.apply(form));
    }

    private Page redrive(FormRequest form) {
        String target = form.param("target");
        String entity = form.param("entity");
        boolean customer = "true".equals(form.param("customer"));
        if (target == null || !target.matches(TARGET) || entity == null || !entity.matches(ID)) {
            return result(400, "Re-drive", false, "Say which dead letter: target and entity id.");
        }
        log.info("console: re-drive of {} {} {}", target, customer ? "customer" : "order", entity);
        return run("Re-drive", customer ? null : entity, out -> sources.deadLetters().apply(out).redriveOne(target, entity, customer) > 0);
    }

    private Page resolve(FormRequest form) {
        String order = form.param("order");
        String outcome = form.param("outcome");
        String frontpadOrder = form.param("frontpad-order");
        if (order == null || !order.matches(ID) || !("sent".equals(outcome) || "not-sent".equals(outcome))) {
            return result(400, "Resolve", false, "Say which order and whether it is in Frontpad.");
        }
        if (outcome.equals("sent") && (frontpadOrder == null || !frontpadOrder.strip().matches(ID))) {
            return result(400, "Resolve", false, "Give the order's number in Frontpad (digits), as found there.");
        }
        Long sentAs = outcome.equals("sent") ? Long.valueOf(frontpadOrder.strip()) : null;
        log.info("console: resolve of order {} as {}", order, sentAs == null ? "not sent" : "sent as Frontpad order " + sentAs);
        return run("Resolve", order, out -> sources.deadLetters().apply(out).resolve(order, sentAs) == 0);
    }

    /** Runs a dead-letter tool, showing what it printed (masked, as in the logs); {@code orderId} links to its order, or null. */
    private Page run(String title, String orderId, Function<PrintStream, Boolean> tool) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean done;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            done = tool.apply(out);
        }
        return result(200, title, done, Masking.mask(bytes.toString(StandardCharsets.UTF_8)), orderId);
    }

    /** An order found by id or number: its trail and its open dead letters; an empty query is the search form alone. */
    private Page order(String query) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("query", query == null ? "" : query);
        params.put("trail", null);
        params.put("problem", null);
        params.put("deadLetters", List.of());
        if (query == null || query.isBlank()) return render(200, "order.jte", params);
        try {
            OrderTrail trail = sources.trails().apply(query.strip());
            params.put("trail", TrailView.of(trail));
            params.put("deadLetters", openDeadLetters(trail.orderId()));
            return render(200, "order.jte", params);
        } catch (Trail.UnknownOrder e) {
            params.put("problem", Masking.mask(e.getMessage()));
            return render(404, "order.jte", params);
        }
    }

    private Overview overview() {
        return Overview.of(sources.status().get(), sources.metrics(), throughput.rates(), openDeadLetters(null));
    }

    /** Open dead letters, of one order or (null) of all. */
    private List<DeadLetterRow> openDeadLetters(String orderId) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return sources.deadLetters().apply(quiet).open(orderId, null).stream().map(DeadLetterRow::of).toList();
    }

    private Page result(int status, String title, boolean done, String text) {
        return result(status, title, done, text, null);
    }

    private Page result(int status, String title, boolean done, String text, String orderId) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("title", title);
        params.put("done", done);
        params.put("text", text);
        params.put("orderId", orderId);
        return render(status, "result.jte", params);
    }

    private static String query(HttpExchange ex, String name) {
        try {
            return FormRequest.read(ex, MAX_FORM_BYTES).query().get(name);
        } catch (IOException e) {
            return null;
        }
    }

    private Page render(int status, String template, Map<String, Object> params) {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("canAct", token.configured());
        StringOutput html = new StringOutput();
        pages.render(template, all, html);
        return new Page(status, html.toString());
    }

    private static void send(HttpExchange ex, Page page) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        // Nothing runs in these pages and nothing loads from elsewhere; no other site may frame them.
        h.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'");
        JsonHttpServer.reply(ex, page.status(), "text/html; charset=utf-8", page.html());
    }

    private static void style(HttpExchange ex) throws IOException {
        try (InputStream in = OpsConsole.class.getResourceAsStream("style.css")) {
            if (in == null) throw new UncheckedIOException(new IOException("style.css is missing from the build"));
            ex.getResponseHeaders().set("Cache-Control", "max-age=300");
            JsonHttpServer.reply(ex, 200, "text/css; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
