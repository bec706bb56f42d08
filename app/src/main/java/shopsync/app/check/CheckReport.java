package shopsync.app.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Preflight} found: one entry per check, grouped by area in the order they were made. A
 * {@link Outcome#PROBLEM} means the start would not work (or would lose or duplicate orders): {@code shopsync check}
 * exits 1 and {@code shopsync run} does not start. A {@link Outcome#WARNING} is worth fixing but shopsync runs.
 * Entries never carry a secret.
 *
 * @param took how long the checks took (they run in parallel)
 */
public record CheckReport(List<Entry> entries, Duration took) {

    public CheckReport {
        entries = List.copyOf(entries);
    }

    public enum Outcome { OK, WARNING, PROBLEM }

    /**
     * One check.
     *
     * @param area {@code shop database}, {@code retailcrm}, {@code frontpad} or {@code webhooks}
     * @param check what was checked, e.g. {@code binlog_format}
     * @param detail what was found
     * @param remedy what to do about it; null for {@link Outcome#OK}
     */
    public record Entry(String area, String check, Outcome outcome, String detail, String remedy) {
        /** The entry on one line, as the log shows it. */
        public String line() {
            return area + " / " + check + ": " + detail + (remedy == null ? "" : " → " + remedy);
        }
    }

    /** Whether nothing stands in the way of {@code shopsync run}: no {@link Outcome#PROBLEM}. */
    public boolean startWouldWork() {
        return problems().isEmpty();
    }

    public List<Entry> problems() {
        return entries.stream().filter(e -> e.outcome() == Outcome.PROBLEM).toList();
    }

    public List<Entry> warnings() {
        return entries.stream().filter(e -> e.outcome() == Outcome.WARNING).toList();
    }

    /** The report as {@code shopsync check} prints it: a summary line, then each area with one line per check. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "shopsync check: %d checks, %d problem(s), %d warning(s) (%.1f s)%n", entries.size(),
                problems().size(), warnings().size(), took.toMillis() / 1000.0));
        Map<String, List<Entry>> byArea = new LinkedHashMap<>();
        entries.forEach(e -> byArea.computeIfAbsent(e.area(), a -> new ArrayList<>()).add(e));
        int width = entries.stream().mapToInt(e -> e.check().length()).max().orElse(0);
        byArea.forEach((area, list) -> {
            out.append(System.lineSeparator()).append(area).append(System.lineSeparator());
            for (Entry e : list) {
                String label = switch (e.outcome()) {
                    case OK -> "ok";
                    case WARNING -> "warning";
                    case PROBLEM -> "PROBLEM";
                };
                out.append(String.format(Locale.ROOT, "  %-8s %-" + width + "s  %s%n", label, e.check(), e.detail()));
                if (e.remedy() != null) {
                    out.append(" ".repeat(13 + width)).append("→ ").append(e.remedy()).append(System.lineSeparator());
                }
            }
        });
        out.append(System.lineSeparator()).append(startWouldWork()
                ? "the start would work" + (warnings().isEmpty() ? "" : " (see the warnings)")
                : "the start would not work: fix the problems above").append(System.lineSeparator());
        return out.toString();
    }
}
