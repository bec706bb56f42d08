package shopsync.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import shopsync.events.Masking;

/**
 * What the console's first page shows, read from the status report ({@code /status}, what {@code shopsync status}
 * prints), the process's counters and the open dead letters. Every text that may carry a customer's phone or
 * e-mail (errors, reasons) is masked as in the logs.
 */
record Overview(boolean ready, List<Role> roles, Map<String, String> cdc, Map<String, String> lag, Throughput.Rates throughput,
                List<Target> targets, List<DeadLetterRow> deadLetters, List<String> attention) {

    record Role(String name, boolean live, boolean ready, String state) {}

    /**
     * One CRM target's delivery since start.
     *
     * @param budget the target's request budget as its own counters tell it ({@code shopsync.<target>.budget.*}), one line each
     * @param progress the target's own counts (uncertain orders, a backfill's)
     * @param parked some parked entities with the error that keeps each parked
     */
    record Target(String name, long delivered, long deadLettered, long retries, long parked, long rateLimitWaitMs, List<String> budget,
                  Map<String, String> progress, String lastSuccess, String lastErrorAt, String lastError, Map<String, String> parkedEntities) {}

    static Overview of(JsonNode status, MeterRegistry registry, Throughput.Rates throughput, List<DeadLetterRow> deadLetters) {
        List<Role> roles = new ArrayList<>();
        boolean ready = true;
        for (var e : fields(status.path("roles")).entrySet()) {
            JsonNode r = e.getValue();
            roles.add(new Role(e.getKey(), r.path("live").asBoolean(), r.path("ready").asBoolean(), Masking.mask(r.path("state").asText(null))));
            ready &= r.path("ready").asBoolean();
        }
        Map<String, String> cdc = new LinkedHashMap<>();
        fields(status.path("cdc")).forEach((k, v) -> cdc.put(CDC_NAMES.getOrDefault(k, Display.words(k)), Masking.mask(v.asText())));
        Map<String, String> lag = new LinkedHashMap<>();
        fields(status.path("lag")).forEach((k, v) -> lag.put(k, Masking.mask(v.asText())));
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : status.path("targets")) targets.add(target(t, registry));
        List<String> attention = new ArrayList<>();
        status.path("attention").forEach(a -> attention.add(Masking.mask(a.asText())));
        return new Overview(ready, roles, cdc, lag, throughput, targets, deadLetters, attention);
    }

    private static final Map<String, String> CDC_NAMES = Map.of("position", "capture at", "server", "server at",
            "oldestBinlog", "oldest kept");
    private static final List<String> COMMON = List.of("target", "delivered", "parked", "deadLettered", "retries", "lastSuccess",
            "lastErrorAt", "lastError", "rateLimitWaitMs", "parkedEntities");

    private static Target target(JsonNode t, MeterRegistry registry) {
        String name = t.path("target").asText();
        Map<String, String> progress = new TreeMap<>(); // a target's own counts come unordered: shown alphabetically
        fields(t).forEach((k, v) -> {
            if (!COMMON.contains(k)) progress.put(Display.words(k), v.asText());
        });
        Map<String, String> parked = new LinkedHashMap<>();
        fields(t.path("parkedEntities")).forEach((k, v) -> parked.put(k, Masking.mask(v.asText())));
        return new Target(name, t.path("delivered").asLong(), t.path("deadLettered").asLong(), t.path("retries").asLong(),
                t.path("parked").asLong(), t.path("rateLimitWaitMs").asLong(), budget(name, registry), progress,
                Display.time(t.path("lastSuccess").asText(null)), Display.time(t.path("lastErrorAt").asText(null)),
                Masking.mask(t.path("lastError").asText(null)), parked);
    }

    /** {@code shopsync.frontpad.budget.used{kind=poll}} and its kind read as "used: new_order 3 · poll 12". */
    private static List<String> budget(String target, MeterRegistry registry) {
        String prefix = "shopsync." + target + ".budget.";
        Map<String, List<String>> byName = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            if (!name.startsWith(prefix)) continue;
            double value = 0;
            for (Measurement x : m.measure()) value = x.getValue();
            String tags = String.join(" ", m.getId().getTags().stream().map(Tag::getValue).toList());
            byName.computeIfAbsent(name.substring(prefix.length()).replace('.', ' '), k -> new ArrayList<>())
                    .add((tags.isEmpty() ? "" : tags + " ") + Math.round(value));
        }
        List<String> lines = new ArrayList<>();
        byName.forEach((name, values) -> lines.add(name + ": " + String.join(" · ", values)));
        return lines;
    }

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
