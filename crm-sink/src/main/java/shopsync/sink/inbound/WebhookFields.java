package shopsync.sink.inbound;

import java.util.regex.Pattern;

/** What webhook field values may look like, for every dialect: anything else is refused before it reaches a log or the shop. */
public final class WebhookFields {
    /** A CRM status code: letters, digits and {@code _.-}, at most 64. */
    public static final Pattern STATUS_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** A numeric order id, shop's or CRM's. */
    public static final Pattern ID = Pattern.compile("\\d{1,18}");

    private WebhookFields() {}

    public static boolean valid(Pattern pattern, String value) {
        return value != null && pattern.matcher(value).matches();
    }
}
