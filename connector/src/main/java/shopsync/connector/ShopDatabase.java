package shopsync.connector;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import shopsync.connector.capture.CaptureSettings;
import shopsync.connector.writeback.WriteBackSettings;

/**
 * The shop's database and who shopsync is there: the capture user (binlog replication and reads) and the
 * write-back user (status changes from the CRMs; the capture user when none is set). Everything that connects to
 * the shop takes its URL and credentials from here.
 */
public record ShopDatabase(String host, int port, String database, String user, String password, String tablePrefix,
                           String writeBackUser, String writeBackPassword) {

    public String jdbcUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/" + database;
    }

    /** A connection as the capture user. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** A connection as the capture user that gives up connecting, and waiting for any answer, after {@code timeout}. */
    public Connection connect(Duration timeout) throws SQLException {
        return DriverManager.getConnection(jdbcUrl() + timeouts(timeout), user, password);
    }

    /** A connection as the write-back user. */
    public Connection connectForWriteBack() throws SQLException {
        WriteBackSettings w = writeBack(0);
        return DriverManager.getConnection(w.jdbcUrl(), w.user(), w.password());
    }

    /** A connection as the write-back user that gives up after {@code timeout}, like {@link #connect(Duration)}. */
    public Connection connectForWriteBack(Duration timeout) throws SQLException {
        WriteBackSettings w = writeBack(0);
        return DriverManager.getConnection(w.jdbcUrl() + timeouts(timeout), w.user(), w.password());
    }

    /** Whether status changes are written by a user of their own ({@code shop.writeback-user}) rather than the capture user. */
    public boolean ownWriteBackUser() {
        return writeBackUser != null && !writeBackUser.isBlank();
    }

    private static String timeouts(Duration timeout) {
        // MariaDB Connector/J: connectTimeout bounds the connection, socketTimeout every read after it (both ms).
        return "?connectTimeout=" + timeout.toMillis() + "&socketTimeout=" + timeout.toMillis();
    }

    /** A miniShop2/MODX table name with the prefix, quoted for SQL. */
    public String table(String name) {
        return "`" + tablePrefix + name + "`";
    }

    public CaptureSettings capture(long serverId, String bootstrapServers, int pollIntervalMs, String snapshotMode) {
        return new CaptureSettings(host, port, database, user, password, tablePrefix, serverId, bootstrapServers, pollIntervalMs,
                snapshotMode);
    }

    /** @param logUserId the {@code user_id} written into {@code ms2_order_logs} for CRM-made changes */
    public WriteBackSettings writeBack(long logUserId) {
        boolean own = ownWriteBackUser();
        return new WriteBackSettings(jdbcUrl(), own ? writeBackUser : user, own ? writeBackPassword : password, tablePrefix, logUserId);
    }

    /** Where the server writes its binlog now, and the binlog files it still keeps (oldest first). */
    public record BinlogStatus(String file, long position, List<String> files) {
        public String oldest() {
            return files.isEmpty() ? null : files.get(0);
        }
    }

    public BinlogStatus binlogStatus() throws SQLException {
        try (Connection c = connect()) {
            return binlogStatus(c);
        }
    }

    /** {@link #binlogStatus()} on a connection the caller holds. */
    public static BinlogStatus binlogStatus(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            String file = null;
            long position = 0;
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                if (rs.next()) {
                    file = rs.getString(1);
                    position = rs.getLong(2);
                }
            }
            List<String> files = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) files.add(rs.getString(1));
            }
            return new BinlogStatus(file, position, files);
        }
    }

    @Override
    public String toString() {
        return "ShopDatabase[" + user + "@" + host + ":" + port + "/" + database + ", prefix=" + tablePrefix + "]";
    }
}
