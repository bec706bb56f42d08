package shopsync.app.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import shopsync.app.config.PreflightSettings;
import shopsync.app.config.ShopList;
import shopsync.connector.ShopDatabase;
import shopsync.connector.capture.Resnapshot;

/**
 * The shop's database as the capture and the write-back need it (cdc-kafka.md §1.5): the connection, the users'
 * privileges, the binlog settings Debezium's MariaDB connector requires, how long binlogs are kept, and the miniShop2
 * tables under the configured prefix. Also reads the facts the CRM checks compare with ({@link ShopFacts}).
 */
final class ShopDatabaseCheck {
    /** Binlogs kept for less than this are a warning: an outage over a long weekend would lose the capture's place. */
    static final Duration ADVISED_RETENTION = Duration.ofDays(3);
    private static final List<String> CAPTURE_GLOBAL = List.of("REPLICATION SLAVE", "BINLOG MONITOR", "SHOW DATABASES");

    record Result(List<CheckReport.Entry> entries, ShopFacts facts) {}

    private final PreflightSettings settings;
    private final ShopDatabase shop;
    private final Duration timeout;
    private final Findings f = new Findings("shop database");

    private ShopDatabaseCheck(PreflightSettings settings, Duration timeout) {
        this.settings = settings;
        this.shop = settings.shop();
        this.timeout = timeout;
    }

    static Result run(PreflightSettings settings, Duration timeout) {
        ShopDatabaseCheck check = new ShopDatabaseCheck(settings, timeout);
        ShopFacts facts = check.run();
        return new Result(check.f.entries(), facts);
    }

    private ShopFacts run() {
        String who = shop.user() + "@" + shop.host() + ":" + shop.port() + "/" + shop.database();
        Connection c;
        try {
            c = shop.connect(timeout);
        } catch (SQLException e) {
            f.problem("connection", "cannot connect as " + who + ": " + e.getMessage(),
                    "check shop.host, shop.port, shop.database, shop.user and shop.password (SHOPSYNC_SHOP_PASSWORD), and that "
                            + "the server accepts connections from this host");
            return null;
        }
        try (c) {
            f.ok("connection", who + " (" + c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion() + ")");
            Map<String, String> vars = variables(c);
            Set<String> tables = tables(c);
            boolean tablesThere = tablesPresent(tables);
            captureGrants(c, tablesThere ? tables : Set.of());
            writeBackGrants(c, tablesThere);
            binlog(vars);
            retention(c, vars);
            return tablesThere ? facts(c) : null;
        } catch (SQLException e) {
            f.problem("server", "connected, then could not read the server's settings: " + e.getMessage(),
                    "run the check again; if it persists, check the server's log");
            return null;
        }
    }

    private static Map<String, String> variables(Connection c) throws SQLException {
        Map<String, String> vars = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN ("
                + "'log_bin', 'binlog_format', 'binlog_row_image', 'server_id', 'binlog_expire_logs_seconds', 'expire_logs_days', "
                + "'log_bin_compress', 'binlog_legacy_event_pos', 'version')")) {
            while (rs.next()) vars.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
        }
        return vars;
    }

    private Set<String> tables(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            ps.setString(1, shop.database());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The tables the capture reads, with the prefix; when none is there, which prefix the database seems to use. */
    private boolean tablesPresent(Set<String> tables) {
        List<String> wanted = Resnapshot.allTables().stream().map(t -> shop.tablePrefix() + t).toList();
        List<String> optional = Resnapshot.optionalTables().stream().map(t -> shop.tablePrefix() + t).toList();
        List<String> absent = wanted.stream().filter(t -> !tables.contains(t)).toList();
        List<String> missing = absent.stream().filter(t -> !optional.contains(t)).toList();
        if (missing.isEmpty()) {
            f.ok("miniShop2 tables", (wanted.size() - absent.size()) + " tables with prefix '" + shop.tablePrefix() + "'"
                    + (absent.isEmpty() ? "" : "; msOptionsPrice2 is not installed (" + String.join(", ", absent)
                    + " absent): products are read without modifications"));
            return true;
        }
        List<String> prefixes = tables.stream().filter(t -> t.endsWith("ms2_orders"))
                .map(t -> "'" + t.substring(0, t.length() - "ms2_orders".length()) + "'").toList();
        f.problem("miniShop2 tables", "missing in database " + shop.database() + ": " + String.join(", ", missing)
                        + (prefixes.isEmpty() ? "" : " (the database has miniShop2 tables with prefix " + String.join(", ", prefixes) + ")"),
                prefixes.isEmpty() ? "check shop.database (and that miniShop2 is installed there) and shop.table-prefix"
                        : "set shop.table-prefix to " + prefixes.get(0));
        return false;
    }

    /** @param tables the shop's tables, or none when the capture's are not there (nothing to check the grants on) */
    private void captureGrants(Connection c, Set<String> tables) throws SQLException {
        Grants grants = Grants.of(c);
        List<String> missing = new ArrayList<>();
        for (String privilege : CAPTURE_GLOBAL) if (!grants.global(privilege)) missing.add(privilege + " ON *.*");
        // The snapshot takes a global read lock (RELOAD); hosts that forbid it need LOCK TABLES instead (cdc-kafka.md §1.5).
        if (!grants.global("RELOAD") && !grants.global("LOCK TABLES")) missing.add("RELOAD (or LOCK TABLES) ON *.*");
        if (!tables.isEmpty()) {
            List<String> unreadable = Resnapshot.allTables().stream().map(t -> shop.tablePrefix() + t)
                    .filter(t -> tables.contains(t) && !grants.on("SELECT", shop.database(), t)).toList();
            if (!unreadable.isEmpty()) missing.add("SELECT ON " + shop.database() + ".*" + " (not readable: " + String.join(", ", unreadable) + ")");
        }
        report("capture grants", shop.user(), missing, grants,
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + shop.user() + "'@'<host>'");
    }

    private void writeBackGrants(Connection capture, boolean tablesThere) {
        if (!settings.statusesComeBack()) {
            f.ok("write-back grants", "not needed: nothing is written into the shop with this configuration");
            return;
        }
        String user = shop.writeBack(0).user();
        Grants grants;
        if (shop.ownWriteBackUser()) {
            try (Connection c = shop.connectForWriteBack(timeout)) {
                grants = Grants.of(c);
            } catch (SQLException e) {
                f.problem("write-back grants", "cannot connect as the write-back user " + user + ": " + e.getMessage(),
                        "check shop.writeback-user and shop.writeback-password");
                return;
            }
        } else {
            try {
                grants = Grants.of(capture);
            } catch (SQLException e) {
                f.warning("write-back grants", "cannot read the grants of " + user + ": " + e.getMessage(), "run SHOW GRANTS as " + user);
                return;
            }
        }
        if (!tablesThere) return;
        String orders = shop.tablePrefix() + "ms2_orders";
        String logs = shop.tablePrefix() + "ms2_order_logs";
        String statuses = shop.tablePrefix() + "ms2_order_statuses";
        List<String> missing = new ArrayList<>();
        for (String[] need : List.of(new String[] {"SELECT", orders}, new String[] {"UPDATE", orders}, new String[] {"INSERT", logs},
                new String[] {"SELECT", statuses})) {
            if (!grants.on(need[0], shop.database(), need[1])) missing.add(need[0] + " ON " + shop.database() + "." + need[1]);
        }
        report("write-back grants", user, missing, grants, "GRANT SELECT, UPDATE ON " + shop.database() + "." + orders + " TO '" + user
                + "'@'<host>'; GRANT INSERT ON " + shop.database() + "." + logs + " TO …; GRANT SELECT ON " + shop.database() + "."
                + statuses + " TO …");
    }

    private void report(String check, String user, List<String> missing, Grants grants, String grant) {
        if (missing.isEmpty()) {
            f.ok(check, user + " has what it needs");
        } else if (grants.viaRoles()) {
            f.warning(check, user + " lacks " + String.join(", ", missing) + " unless one of its roles grants it (roles are not read)",
                    "make sure the role is the user's default role, or: " + grant);
        } else {
            f.problem(check, user + " lacks " + String.join(", ", missing), grant);
        }
    }

    private void binlog(Map<String, String> vars) {
        String server = "on the shop's database server";
        expect(vars, "log_bin", "ON", "the binlog is off: there is nothing to capture",
                "set log_bin=mariadb-bin in the [mariadbd] section of the server's configuration and restart it");
        expect(vars, "binlog_format", "ROW", "the capture needs ROW: other formats carry statements, not the rows they changed",
                "SET GLOBAL binlog_format=ROW " + server + " (new connections use it) and binlog_format=ROW in its configuration");
        expect(vars, "binlog_row_image", "FULL", "the capture needs FULL: other images leave unchanged columns out of updates",
                "SET GLOBAL binlog_row_image=FULL " + server + " and binlog_row_image=FULL in its configuration");
        long serverId = parseLong(vars.get("server_id"), 0);
        if (serverId == 0) {
            f.problem("server_id", "0: a server without a server_id cannot serve a binlog reader",
                    "set server_id=1 (any number other than shop.server-id) in the server's configuration and restart it");
        } else if (serverId == settings.captureServerId()) {
            f.problem("server_id", serverId + ", the same as shop.server-id: the capture would be taken for the server itself",
                    "set shop.server-id to a number no server or replica of this database uses");
        } else {
            f.ok("server_id", serverId + " (the capture connects as " + settings.captureServerId() + ")");
        }
        if ("ON".equalsIgnoreCase(vars.get("log_bin_compress"))) {
            f.problem("log_bin_compress", "ON: the capture cannot read compressed binlog events (cdc-kafka.md §1.5)",
                    "SET GLOBAL log_bin_compress=OFF and log_bin_compress=0 in the server's configuration");
        }
        // Only MariaDB 11.4+ has it; off there, Debezium may not find its place again after a restart (cdc-kafka.md §1.5).
        if ("OFF".equalsIgnoreCase(vars.get("binlog_legacy_event_pos"))) {
            f.warning("binlog_legacy_event_pos", "OFF: after a restart the capture may not find where it stopped",
                    "set binlog_legacy_event_pos=1 in the server's configuration");
        }
    }

    private void expect(Map<String, String> vars, String name, String wanted, String why, String remedy) {
        String value = vars.get(name);
        if (wanted.equalsIgnoreCase(value)) f.ok(name, value);
        else f.problem(name, (value == null ? "not set" : value) + ": " + why, remedy);
    }

    private void retention(Connection c, Map<String, String> vars) {
        Duration kept = vars.containsKey("binlog_expire_logs_seconds")
                ? Duration.ofSeconds(parseLong(vars.get("binlog_expire_logs_seconds"), 0))
                : Duration.ofSeconds((long) (parseDouble(vars.get("expire_logs_days")) * 86_400));
        String oldest;
        try {
            ShopDatabase.BinlogStatus status = ShopDatabase.binlogStatus(c);
            oldest = status.files().isEmpty() ? "no binlog kept yet"
                    : "oldest binlog kept " + status.oldest() + " (" + status.files().size() + " file(s), writing " + status.file() + ")";
        } catch (SQLException e) {
            oldest = "binlogs not listed: " + e.getMessage();
        }
        boolean resnapshots = "when_needed".equals(settings.snapshotMode());
        if (kept.isZero()) {
            f.ok("binlog retention", "binlogs are never purged by age (binlog_expire_logs_seconds=0); " + oldest);
        } else if (kept.compareTo(ADVISED_RETENTION) < 0) {
            f.warning("binlog retention", "binlogs are kept " + human(kept) + ", less than the advised " + human(ADVISED_RETENTION)
                    + "; " + oldest + ". If shopsync is down longer, the binlog it needs is purged and the capture "
                    + (resnapshots ? "reads every row again (cdc.snapshot-mode=when_needed)" : "stops (cdc.snapshot-mode=initial)"),
                    "SET GLOBAL binlog_expire_logs_seconds=604800 (7 days) and the same in the server's configuration");
        } else {
            f.ok("binlog retention", "binlogs are kept " + human(kept) + "; " + oldest);
        }
    }

    private ShopFacts facts(Connection c) throws SQLException {
        Map<ShopList, Map<String, ShopFacts.Row>> lists = new EnumMap<>(ShopList.class);
        try (Statement st = c.createStatement()) {
            for (ShopList list : ShopList.values()) {
                Map<String, ShopFacts.Row> rows = new LinkedHashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT id, name, active FROM " + shop.table(list.table()) + " ORDER BY id")) {
                    while (rs.next()) rows.put(rs.getString(1), new ShopFacts.Row(rs.getString(2), rs.getInt(3) != 0));
                }
                lists.put(list, rows);
            }
        }
        String drafts = Stream.concat(Stream.of(0), settings.draftStatuses().stream()).map(String::valueOf).collect(Collectors.joining(", "));
        Map<String, String> newest = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, num FROM " + shop.table("ms2_orders")
                + " WHERE status NOT IN (" + drafts + ") AND num IS NOT NULL AND num <> ''"
                + " ORDER BY id DESC LIMIT 5")) {
            while (rs.next()) newest.put(rs.getString(1), rs.getString(2));
        }
        return new ShopFacts(lists, newest);
    }

    static String human(Duration d) {
        if (d.toHours() >= 48) return d.toDays() + " days";
        if (d.toMinutes() >= 120) return d.toHours() + " h";
        return d.toMinutes() + " min";
    }

    private static long parseLong(String s, long fallback) {
        try {
            return s == null ? fallback : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double parseDouble(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
