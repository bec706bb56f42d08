package shopsync.app.check;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privileges {@code SHOW GRANTS} lists for the connected user, per level (global, database, table). Privileges
 * that come through a role are not read: {@link #viaRoles()} says whether the user has roles, so a missing privilege
 * can be reported as unverified rather than missing.
 */
final class Grants {
    private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (\\S+) TO .*", Pattern.DOTALL);
    private static final Pattern ROLE = Pattern.compile("^GRANT [^ ]+ TO .*", Pattern.DOTALL);

    /** One {@code GRANT … ON scope}: {@code database} null for {@code *.*}, {@code table} null for {@code db.*}. */
    private record Level(Pattern database, String table, Set<String> privileges) {
        boolean covers(String db, String tbl) {
            if (database == null) return true;
            if (!database.matcher(db).matches()) return false;
            return table == null || table.equals(tbl);
        }
    }

    private final List<Level> levels;
    private final boolean viaRoles;

    private Grants(List<Level> levels, boolean viaRoles) {
        this.levels = levels;
        this.viaRoles = viaRoles;
    }

    static Grants of(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS")) {
            while (rs.next()) lines.add(rs.getString(1));
        }
        return parse(lines);
    }

    static Grants parse(List<String> lines) {
        List<Level> levels = new ArrayList<>();
        boolean roles = false;
        for (String line : lines) {
            Matcher m = GRANT.matcher(line);
            if (m.matches()) {
                Level level = level(m.group(2), privileges(m.group(1)));
                if (level != null) levels.add(level);
            } else if (ROLE.matcher(line).matches()) {
                roles = true;
            }
        }
        return new Grants(levels, roles);
    }

    /** Whether the user has {@code privilege} globally ({@code ON *.*}). */
    boolean global(String privilege) {
        return levels.stream().anyMatch(l -> l.database() == null && holds(l, privilege));
    }

    /** Whether the user has {@code privilege} on table {@code table} of {@code database}, at any level. */
    boolean on(String privilege, String database, String table) {
        return levels.stream().anyMatch(l -> l.covers(database, table) && holds(l, privilege));
    }

    boolean viaRoles() {
        return viaRoles;
    }

    private static boolean holds(Level level, String privilege) {
        return level.privileges().contains("ALL") || level.privileges().contains(normalise(privilege));
    }

    /** {@code SELECT, UPDATE (`status`), REPLICATION CLIENT} → SELECT, UPDATE, BINLOG MONITOR (column lists dropped). */
    private static Set<String> privileges(String list) {
        Set<String> out = new HashSet<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char ch : list.toCharArray()) {
            if (ch == '(') depth++;
            if (ch == ')') depth--;
            if (ch == ',' && depth == 0) {
                out.add(normalise(current.toString()));
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        out.add(normalise(current.toString()));
        return out;
    }

    private static String normalise(String privilege) {
        String p = privilege.replaceAll("\\(.*\\)", "").trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        // MariaDB 10.5+ stores REPLICATION CLIENT under its newer name (cdc-kafka.md §1.5).
        if (p.equals("REPLICATION CLIENT")) return "BINLOG MONITOR";
        if (p.equals("ALL PRIVILEGES")) return "ALL";
        return p;
    }

    /** {@code *.*}, {@code `db`.*}, {@code `db`.`table`} (quotes optional); null for a routine or anything else. */
    private static Level level(String scope, Set<String> privileges) {
        if (scope.equals("*.*") || scope.equals("*")) return new Level(null, null, privileges);
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char ch : scope.toCharArray()) {
            if (ch == '`') quoted = !quoted;
            else if (ch == '.' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        parts.add(current.toString());
        if (parts.size() != 2) return null;
        return new Level(databasePattern(parts.get(0)), parts.get(1).equals("*") ? null : parts.get(1), privileges);
    }

    /** A database name in a grant may carry the wildcards {@code %} and {@code _}; {@code \_} is a plain underscore. */
    private static Pattern databasePattern(String name) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '\\' && i + 1 < name.length()) regex.append(Pattern.quote(String.valueOf(name.charAt(++i))));
            else if (ch == '%') regex.append(".*");
            else if (ch == '_') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(regex.toString());
    }
}
