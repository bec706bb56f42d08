package shopsync.app.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How the console writes times and the status report's names for a person. */
final class Display {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Display() {}

    /** An epoch time; empty for 0 (never). */
    static String time(long epochMs) {
        return epochMs == 0 ? "" : TIME.format(Instant.ofEpochMilli(epochMs));
    }

    /** An ISO-8601 instant as the status report writes it; null stays null, anything else is shown as it is. */
    static String time(String iso) {
        if (iso == null) return null;
        try {
            return TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** {@code backfillAlreadyThere} → {@code backfill already there}. */
    static String words(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
