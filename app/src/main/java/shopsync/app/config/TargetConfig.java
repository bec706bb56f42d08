package shopsync.app.config;

import java.util.List;
import shopsync.events.Target;
import shopsync.processor.TargetTranslator;
import shopsync.sink.TargetSettings;

/**
 * One CRM target's part of the configuration: its keys, the checks across them, and the typed parts the roles take
 * (the processor's translator, the sink's settings). Adding a target adds one implementation to {@link #ALL}.
 */
interface TargetConfig {
    List<TargetConfig> ALL = List.of(new RetailCrmConfig(), new FrontpadConfig());

    Target target();

    /** Its keys, declared like the common ones in {@link Settings}. */
    List<Setting> settings();

    boolean enabled(ConfigValues values);

    /** Checks across its keys when it is enabled (required values, ambiguous mappings), one problem per line. */
    void validate(ConfigValues values, List<String> problems);

    TargetTranslator translator(ConfigValues values);

    /** The sink's settings for this target (disabled ones say so, and are not opened). */
    TargetSettings sink(ConfigValues values);
}
