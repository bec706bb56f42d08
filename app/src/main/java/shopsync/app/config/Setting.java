package shopsync.app.config;

import java.util.Locale;

/**
 * One configuration key: its type, default (null = none), whether it is a secret, and a one-line doc.
 * Every key can be overridden by the environment variable {@link #envVar()}.
 */
public record Setting(String key, Type type, String defaultValue, boolean secret, String doc) {

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

    public String envVar() {
        return "SHOPSYNC_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String typeDescription() {
        return type.describe();
    }
}
