package shopsync.app.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value of every declared key, converted to its type: read by key, and only inside this package; everything
 * else takes the typed sections {@link ShopsyncConfig} builds from it.
 */
final class ConfigValues {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Set<String> configured = new HashSet<>();

    /** Each declared key from the environment, else {@code raw}, else its default; conversion problems go to {@code problems}. */
    static ConfigValues convert(Map<String, Object> raw, Map<String, String> env, List<String> problems) {
        ConfigValues out = new ConfigValues();
        for (Setting s : Settings.ALL) {
            Object value = env.containsKey(s.envVar()) ? env.get(s.envVar()) : raw.getOrDefault(s.key(), s.defaultValue());
            if (env.containsKey(s.envVar()) || raw.containsKey(s.key())) out.configured.add(s.key());
            try {
                out.values.put(s.key(), value == null ? null : convert(s, value));
            } catch (IllegalArgumentException e) {
                problems.add(s.key() + ": " + e.getMessage() + (s.secret() ? "" : " (got '" + value + "')"));
            }
        }
        return out;
    }

    /** The converted value, or null when it is unset or did not convert. */
    Object get(String key) {
        return values.get(Settings.get(key).key());
    }

    /** Whether the file or the environment sets the key (even to its default). */
    boolean configured(String key) {
        return configured.contains(Settings.get(key).key());
    }

    String string(String key) {
        Object v = get(key);
        return v == null ? null : v.toString();
    }

    /** The value, or null when it is empty. */
    String optional(String key) {
        String v = string(key);
        return v == null || v.isBlank() ? null : v;
    }

    Integer optionalInt(String key) {
        String v = optional(key);
        return v == null ? null : Integer.valueOf(v);
    }

    int integer(String key) {
        return (Integer) get(key);
    }

    boolean bool(String key) {
        return Boolean.TRUE.equals(get(key));
    }

    @SuppressWarnings("unchecked")
    List<String> list(String key) {
        return (List<String>) get(key);
    }

    @SuppressWarnings("unchecked")
    Map<String, String> map(String key) {
        return (Map<String, String>) get(key);
    }

    /** Adds a problem for each key that has no value. */
    void require(List<String> problems, String... keys) {
        for (String key : keys) {
            Object v = get(key);
            if (v == null || v.toString().isBlank()) {
                problems.add(key + ": required (set it in the file or " + Settings.get(key).envVar() + ")");
            }
        }
    }

    Duration duration(String key) {
        return (Duration) get(key);
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
                var m = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(text);
                if (!m.matches()) throw new IllegalArgumentException("not a duration like 500ms, 30s, 5m");
                long n = Long.parseLong(m.group(1));
                yield switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofHours(n);
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

    /** Nested YAML sections to dotted keys; a declared map key keeps its map. */
    static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            boolean declaredMap = Settings.ALL.stream().anyMatch(s -> s.key().equals(key) && s.type() == Setting.Type.MAP);
            if (e.getValue() instanceof Map<?, ?> child && !declaredMap) flatten(key + ".", child, out);
            else out.put(key, e.getValue());
        }
    }
}
