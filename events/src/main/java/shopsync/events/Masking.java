package shopsync.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in text bound for logs: e-mail addresses keep their first letter and domain
 * ({@code i***@example.com}), phone numbers their last two digits ({@code +7*********02}).
 */
public final class Masking {
    private static final Pattern EMAIL = Pattern.compile("([\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]*@([\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,})");
    private static final Pattern PHONE = Pattern.compile("(?<![\\p{L}\\p{N}])\\+?\\d[\\d ()-]{7,}\\d(?![\\p{L}\\p{N}])");
    /** A date (and hour) the phone pattern also matches: the times in trails, reports and CRM answers stay readable. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}( \\d{1,2})?");

    private Masking() {}

    public static String mask(String text) {
        if (text == null || !mayHoldContact(text)) return text;
        String emailsMasked = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher m = PHONE.matcher(emailsMasked);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group();
            if (DATE.matcher(digits).matches()) continue;
            String kept = digits.substring(digits.length() - 2);
            String prefix = digits.startsWith("+") ? "+" + digits.charAt(1) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(prefix + "*".repeat(Math.max(3, digits.length() - prefix.length() - 2)) + kept));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * False when neither pattern can match: no {@code @}, and no run of 9 characters a phone is written with (what
     * {@link #PHONE} needs at least). Most log and trail lines hold neither, and the two regular expressions cost as
     * much as parsing a row event.
     */
    private static boolean mayHoldContact(String text) {
        if (text.indexOf('@') >= 0) return true;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean phoneChar = c >= '0' && c <= '9' || c == ' ' || c == '(' || c == ')' || c == '-';
            run = phoneChar ? run + 1 : 0;
            if (run >= 9) return true;
        }
        return false;
    }
}
