package shopsync.app.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One configuration key: its type, default (null = none), whether it is a secret, a one-line doc and the rule its
 * value must follow. Every key can be overridden by the environment variable {@link #envVar()}.
 */
public record Setting(String key, Type type, String defaultValue, boolean secret, String doc, Check check) {

    public Setting(String key, Type type, String defaultValue, boolean secret, String doc) {
        this(key, type, defaultValue, secret, doc, Check.NONE);
    }

    /** The same setting with a rule on its (converted) value. */
    public Setting must(Check rule) {
        return new Setting(key, type, defaultValue, secret, doc, rule);
    }

    public enum Type {
        STRING, INT, BOOL, URL, LIST, MAP, DURATION;

        String describe() {
            return switch (this) {
                case LIST -> "comma-separated list";
                case MAP -> "map (YAML map, or `a:b,c:d` in the environment)";
                case DURATION -> "duration (`500ms`, `30s`, `5m`)";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }
    }

    /**
     * A rule on a value, checked at load time so a wrong value stops the start with the others instead of failing
     * later at run time. {@code rule} completes "must be …" in the problem report and the configuration reference.
     */
    public record Check(String rule, Predicate<Object> ok) {
        static final Check NONE = new Check("", v -> true);

        static Check port() {
            return new Check("a port number (0: any free port)", v -> (Integer) v >= 0 && (Integer) v <= 65535);
        }

        static Check positive() {
            return new Check("positive", v -> (Integer) v > 0);
        }

        static Check oneOf(String... values) {
            return new Check("one of " + String.join(", ", values), v -> List.of(values).contains(v));
        }

        static Check timeZone() {
            return new Check("a time zone id such as Europe/Moscow", v -> {
                try {
                    ZoneId.of(v.toString());
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            });
        }

        /** An IP address literal (no name to resolve), so a typo fails the start instead of the bind. */
        static Check localAddress() {
            return new Check("an IP address such as 127.0.0.1 or 0.0.0.0", v -> {
                String text = v.toString();
                if (!text.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) return false;
                try {
                    InetAddress.getByName(text);
                    return true;
                } catch (UnknownHostException e) {
                    return false;
                }
            });
        }

        static Check minLengthOrEmpty(int length) {
            return new Check("empty or at least " + length + " characters", v -> v.toString().isEmpty() || v.toString().length() >= length);
        }

        static Check identifier() {
            return new Check("only letters, digits and _", v -> v.toString().matches("[A-Za-z0-9_]*"));
        }

        /** Empty, or a shop status id. */
        static Check statusId() {
            return new Check("a shop status id (a whole number) or empty", v -> v.toString().matches("\\d*"));
        }

        /** Every element of a list is a shop id (of a status, delivery or payment). */
        static Check shopIds() {
            return new Check("shop ids (whole numbers)", v -> ((Collection<?>) v).stream().allMatch(id -> id.toString().matches("\\d+")));
        }

        /** Every element (of a list) or every value (of a map) is a shop status id. */
        static Check statusIds() {
            return new Check("shop status ids (whole numbers)", v -> {
                Collection<?> ids = v instanceof Map<?, ?> map ? map.values() : (Collection<?>) v;
                return ids.stream().allMatch(id -> id.toString().matches("\\d+"));
            });
        }
    }

    public String envVar() {
        return "SHOPSYNC_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String typeDescription() {
        return type.describe() + (check.rule().isEmpty() ? "" : "; " + check.rule());
    }
}
