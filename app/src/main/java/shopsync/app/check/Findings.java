package shopsync.app.check;

import java.util.ArrayList;
import java.util.List;
import shopsync.app.check.CheckReport.Entry;
import shopsync.app.check.CheckReport.Outcome;

/** The entries of one area, in the order its checks were made; thread-safe, since some are made in parallel. */
final class Findings {
    private final String area;
    private final List<Entry> entries = new ArrayList<>();

    Findings(String area) {
        this.area = area;
    }

    synchronized void ok(String check, String detail) {
        entries.add(new Entry(area, check, Outcome.OK, detail, null));
    }

    synchronized void warning(String check, String detail, String remedy) {
        entries.add(new Entry(area, check, Outcome.WARNING, detail, remedy));
    }

    synchronized void problem(String check, String detail, String remedy) {
        entries.add(new Entry(area, check, Outcome.PROBLEM, detail, remedy));
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
