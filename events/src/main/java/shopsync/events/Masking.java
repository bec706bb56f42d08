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

    private Masking() {}

    public static String mask(String text) {
        if (text == null) return null;
        String emailsMasked = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher m = PHONE.matcher(emailsMasked);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group();
            String kept = digits.substring(digits.length() - 2);
            String prefix = digits.startsWith("+") ? "+" + digits.charAt(1) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(prefix + "*".repeat(Math.max(3, digits.length() - prefix.length() - 2)) + kept));
        }
        m.appendTail(out);
        return out.toString();
    }
}
