package shopsync.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import shopsync.processor.TargetTranslator;
import shopsync.processor.frontpad.FrontpadRequests;
import shopsync.processor.retailcrm.RetailCrmRequests;

/**
 * The loaded configuration: YAML file, then environment overrides, then defaults. {@link #load} reports
 * every problem at once (unknown keys, missing values, wrong types) instead of failing on the first.
 * Secrets never appear in {@link #toString()} or in a problem report.
 */
public final class ShopsyncConfig {
    private final Map<String, Object> values;

    private ShopsyncConfig(Map<String, Object> values) {
        this.values = values;
    }

    /** Loads {@code file} (may be null: environment and defaults only) or throws {@link InvalidConfig}. */
    public static ShopsyncConfig load(Path file, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> raw = new TreeMap<>();
        if (file != null) {
            try {
                Object tree = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
                if (tree instanceof Map<?, ?> map) flatten("", map, raw);
                else if (tree != null) problems.add(file + ": the top level must be a map of sections");
            } catch (IOException e) {
                throw new InvalidConfig(List.of("cannot read " + file + ": " + e.getMessage()));
            }
        }
        return fromMap(raw, env, problems);
    }

    /** Configuration from already-flat keys (the demo and tests build theirs this way). */
    public static ShopsyncConfig of(Map<String, Object> flat) {
        return fromMap(new TreeMap<>(flat), Map.of(), new ArrayList<>());
    }

    private static ShopsyncConfig fromMap(Map<String, Object> raw, Map<String, String> env, List<String> problems) {
        for (String key : raw.keySet()) {
            if (Settings.ALL.stream().noneMatch(s -> s.key().equals(key))) problems.add("unknown key '" + key + "'");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting s : Settings.ALL) {
            Object value = env.containsKey(s.envVar()) ? env.get(s.envVar()) : raw.getOrDefault(s.key(), s.defaultValue());
            try {
                values.put(s.key(), value == null ? null : convert(s, value));
            } catch (IllegalArgumentException e) {
                problems.add(s.key() + ": " + e.getMessage() + (s.secret() ? "" : " (got '" + value + "')"));
            }
        }
        ShopsyncConfig config = new ShopsyncConfig(values);
        config.validate(problems);
        if (!problems.isEmpty()) throw new InvalidConfig(problems);
        return config;
    }

    private void validate(List<String> problems) {
        require(problems, "shop.database", "shop.user");
        if (bool("retailcrm.enabled")) require(problems, "retailcrm.url", "retailcrm.api-key", "retailcrm.site");
        if (bool("frontpad.enabled")) {
            require(problems, "frontpad.secret");
            if (bool("frontpad.on-error.email")) require(problems, "smtp.host", "smtp.to");
            String errorStatus = string("frontpad.error-status");
            if (errorStatus != null && !errorStatus.isBlank() && !errorStatus.matches("\\d+")) {
                problems.add("frontpad.error-status: a shop status id (shopsync setup prints it)");
            }
            String sendOn = string("frontpad.send-on-status");
            if (sendOn != null && !sendOn.isBlank() && !sendOn.matches("\\d+")) problems.add("frontpad.send-on-status: a shop status id");
            if (map("frontpad.matched-statuses") != null) map("frontpad.matched-statuses").forEach((name, id) -> {
                if (!id.matches("\\d+")) problems.add("frontpad.matched-statuses: '" + name + "' must map to a shop status id, not '" + id + "'");
            });
        }
        if (bool("webhooks.enabled") && (string("webhooks.secret") == null || string("webhooks.secret").length() < 16)) {
            problems.add("webhooks.secret: required when webhooks.enabled, at least 16 characters (" + Settings.get("webhooks.secret").envVar() + ")");
        }
        if (string("shop.table-prefix") != null && !string("shop.table-prefix").matches("[A-Za-z0-9_]*")) {
            problems.add("shop.table-prefix: only letters, digits and _");
        }
        try {
            java.time.ZoneId.of(string("retailcrm.timezone"));
        } catch (RuntimeException e) {
            problems.add("retailcrm.timezone: not a time zone id such as Europe/Moscow");
        }
        if (map("retailcrm.mapping.statuses") != null) {
            Map<String, String> firstShopIdByCode = new java.util.HashMap<>();
            map("retailcrm.mapping.statuses").forEach((shopId, code) -> {
                List<String> sync = list("retailcrm.sync-statuses");
                String other = firstShopIdByCode.putIfAbsent(code, shopId);
                if (other != null && (sync.isEmpty() || sync.contains(code))) {
                    problems.add("retailcrm.mapping.statuses: shop statuses " + other + " and " + shopId + " both map to '" + code
                            + "', so a change to '" + code + "' in RetailCRM has no single shop status (list the codes that "
                            + "sync back in retailcrm.sync-statuses)");
                }
            });
        }
        if (values.get("shop.draft-statuses") != null && !list("shop.draft-statuses").stream().allMatch(x -> x.matches("\\d+"))) {
            problems.add("shop.draft-statuses: must be status ids (whole numbers)");
        }
        if (!Set.of("initial", "when_needed").contains(string("cdc.snapshot-mode"))) problems.add("cdc.snapshot-mode: initial or when_needed");
        if (!Set.of("kg", "g").contains(string("shop.weight-unit"))) problems.add("shop.weight-unit: must be kg or g");
        if (values.get("kafka.embedded-port") != null && (integer("kafka.embedded-port") < 0 || integer("kafka.embedded-port") > 65535)) {
            problems.add("kafka.embedded-port: must be a port number (0: any free port)");
        }
        for (String key : List.of("shop.port", "kafka.partitions", "kafka.replication-factor", "cdc.poll-interval-ms")) {
            if (values.get(key) != null && integer(key) <= 0) problems.add(key + ": must be positive");
        }
    }

    private void require(List<String> problems, String... keys) {
        for (String key : keys) {
            Object v = values.get(key);
            if (v == null || v.toString().isBlank()) {
                problems.add(key + ": required (set it in the file or " + Settings.get(key).envVar() + ")");
            }
        }
    }

    private static Object convert(Setting s, Object value) {
        String text = value.toString().trim();
        return switch (s.type()) {
            case STRING -> text;
            case INT -> {
                try {
                    yield Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a whole number");
                }
            }
            case BOOL -> {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("must be true or false");
                }
                yield Boolean.parseBoolean(text);
            }
            case URL -> {
                if (text.isEmpty()) yield "";
                URI uri;
                try {
                    uri = URI.create(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("not a URL");
                }
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("must be an http(s) URL");
                }
                yield text;
            }
            case LIST -> value instanceof List<?> list ? list.stream().map(Object::toString).toList()
                    : Arrays.stream(text.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
            case MAP -> toMap(value);
            case DURATION -> {
                var m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h)").matcher(text);
                if (!m.matches()) throw new IllegalArgumentException("not a duration like 500ms, 30s, 5m");
                long n = Long.parseLong(m.group(1));
                yield switch (m.group(2)) {
                    case "ms" -> java.time.Duration.ofMillis(n);
                    case "s" -> java.time.Duration.ofSeconds(n);
                    case "m" -> java.time.Duration.ofMinutes(n);
                    default -> java.time.Duration.ofHours(n);
                };
            }
        };
    }

    private static Map<String, String> toMap(Object value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
            return map;
        }
        for (String pair : value.toString().split(",")) {
            if (pair.isBlank()) continue;
            String[] kv = pair.split(":", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) throw new IllegalArgumentException("expected id:code pairs");
            map.put(kv[0].trim(), kv[1].trim());
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            boolean declaredMap = Settings.ALL.stream().anyMatch(s -> s.key().equals(key) && s.type() == Setting.Type.MAP);
            if (e.getValue() instanceof Map<?, ?> child && !declaredMap) flatten(key + ".", child, out);
            else out.put(key, e.getValue());
        }
    }

    public String string(String key) {
        Object v = values.get(checked(key));
        return v == null ? null : v.toString();
    }

    public int integer(String key) {
        return (Integer) values.get(checked(key));
    }

    public boolean bool(String key) {
        return (Boolean) values.get(checked(key));
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        return (List<String>) values.get(checked(key));
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> map(String key) {
        return (Map<String, String>) values.get(checked(key));
    }

    /** Where tools ({@code dlq}, {@code replay}) find the broker: the configured one, or the embedded one's port. */
    public String bootstrapForTools() {
        String servers = string("kafka.bootstrap-servers");
        return servers == null || servers.isBlank() ? "127.0.0.1:" + integer("kafka.embedded-port") : servers;
    }

    /** One translator per enabled CRM target, for the processor and the replay tools. */
    public List<TargetTranslator> translators() {
        List<TargetTranslator> out = new ArrayList<>();
        if (bool("retailcrm.enabled")) out.add(new RetailCrmRequests(retailCrmMapping()));
        if (bool("frontpad.enabled")) out.add(new FrontpadRequests(frontpadMapping()));
        return out;
    }

    public shopsync.processor.retailcrm.RetailCrmMapping retailCrmMapping() {
        return new shopsync.processor.retailcrm.RetailCrmMapping(map("retailcrm.mapping.statuses"), map("retailcrm.mapping.deliveries"),
                map("retailcrm.mapping.payments"), gramsPerWeightUnit(), Set.copyOf(list("retailcrm.sync-statuses")));
    }

    public shopsync.processor.frontpad.FrontpadMapping frontpadMapping() {
        String sendOn = string("frontpad.send-on-status");
        return new shopsync.processor.frontpad.FrontpadMapping(map("frontpad.payments"), blankToNull("frontpad.default-pay"),
                map("frontpad.points"), blankToNull("frontpad.default-point"), bool("frontpad.affiliates-enabled"),
                map("frontpad.affiliates"), blankToNull("frontpad.default-affiliate"), map("frontpad.channels"),
                blankToNull("frontpad.default-channel"), list("frontpad.additional-fields"),
                sendOn == null || sendOn.isBlank() ? null : Integer.valueOf(sendOn), map("frontpad.matched-statuses"));
    }

    private String blankToNull(String key) {
        String v = string(key);
        return v == null || v.isBlank() ? null : v;
    }

    public java.time.Duration duration(String key) {
        return (java.time.Duration) values.get(checked(key));
    }

    public Set<Integer> draftStatuses() {
        return list("shop.draft-statuses").stream().map(Integer::valueOf).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public String instanceId() {
        String id = string("kafka.instance-id");
        if (id != null && !id.isBlank()) return id;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "shopsync";
        }
    }

    public BigDecimal gramsPerWeightUnit() {
        return "g".equals(string("shop.weight-unit")) ? BigDecimal.ONE : BigDecimal.valueOf(1000);
    }

    private static String checked(String key) {
        Settings.get(key);
        return key;
    }

    @Override
    public String toString() {
        return Settings.ALL.stream()
                .map(s -> s.key() + "=" + (s.secret() && values.get(s.key()) != null && !values.get(s.key()).toString().isEmpty()
                        ? "****" : values.get(s.key())))
                .collect(Collectors.joining(", ", "ShopsyncConfig[", "]"));
    }

    /** Every problem found in a configuration, in one readable report. */
    public static final class InvalidConfig extends RuntimeException {
        private final List<String> problems;

        public InvalidConfig(List<String> problems) {
            super("invalid configuration:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
