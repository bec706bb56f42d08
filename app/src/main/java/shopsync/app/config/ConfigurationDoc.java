package shopsync.app.config;

/** Renders {@code docs/configuration.md} from {@link Settings}, so the reference cannot drift from the code. */
public final class ConfigurationDoc {
    private ConfigurationDoc() {}

    public static String render() {
        StringBuilder md = new StringBuilder("""
                # Configuration reference

                <!-- Generated from Settings.java by `./shopsync config-doc > docs/configuration.md`; a test fails when it is stale. -->

                shopsync reads one YAML file (`shopsync run --config shopsync.yml`); nested sections spell the dotted keys
                (`retailcrm:` → `url:` is `retailcrm.url`). Every key can be overridden by the environment variable shown.
                At start, every problem (unknown key, missing required value, wrong type) is reported at once and
                shopsync exits with status 2. Secret values are never printed.

                | key | type | default | environment variable | meaning |
                |---|---|---|---|---|
                """);
        for (Setting s : Settings.ALL) {
            String def = s.defaultValue() == null ? "*required*" : s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            md.append("| `").append(s.key()).append("` | ").append(s.typeDescription()).append(s.secret() ? ", secret" : "")
                    .append(" | ").append(def).append(" | `").append(s.envVar()).append("` | ").append(s.doc()).append(" |\n");
        }
        md.append("""

                Required keys marked *required* are required when their section is in use (`retailcrm.*` only when
                `retailcrm.enabled` is true). Map values in the environment use `id:code` pairs, e.g.
                `SHOPSYNC_RETAILCRM_MAPPING_STATUSES=1:new,2:paid`.
                """);
        return md.toString();
    }
}
