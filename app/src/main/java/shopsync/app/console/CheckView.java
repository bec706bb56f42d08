package shopsync.app.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import shopsync.app.check.CheckReport;

/**
 * The preflight's report ({@code shopsync check}) as the console shows it: by area, in the order the checks ran.
 *
 * @param took seconds the checks took
 */
record CheckView(boolean startWouldWork, int checks, int problems, int warnings, String took, Map<String, List<Row>> areas) {

    /** @param outcome {@code ok}, {@code warning} or {@code problem} */
    record Row(String outcome, String check, String detail, String remedy) {}

    static CheckView of(CheckReport report) {
        Map<String, List<Row>> areas = new LinkedHashMap<>();
        for (CheckReport.Entry e : report.entries()) {
            // Not masked: the preflight reports the setup (binlog files, codes, grants), never a customer's data, and the
            // phone pattern would eat binlog names such as "mariadb-bin.000001 (1 file".
            areas.computeIfAbsent(e.area(), a -> new ArrayList<>()).add(new Row(e.outcome().name().toLowerCase(Locale.ROOT), e.check(),
                    e.detail(), e.remedy()));
        }
        return new CheckView(report.startWouldWork(), report.entries().size(), report.problems().size(), report.warnings().size(),
                String.format(Locale.ROOT, "%.1f", report.took().toMillis() / 1000.0), areas);
    }
}
