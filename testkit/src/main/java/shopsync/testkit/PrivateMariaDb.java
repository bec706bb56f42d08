package shopsync.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server: {@code mariadb-install-db} + {@code mariadbd} in a directory of its own, on a
 * free port, with the binlog on in the form Debezium needs (ROW, FULL image), the miniShop2 schema in
 * database {@code shop}, a CDC user and an application user. Nothing of the machine's own MariaDB is used.
 */
public final class PrivateMariaDb implements AutoCloseable {
    public static final String DATABASE = "shop";
    public static final String CDC_USER = "shopsync_cdc";
    public static final String CDC_PASSWORD = "cdc-pw";
    public static final String APP_USER = "shop_app";
    public static final String APP_PASSWORD = "app-pw";

    private final Path dir;
    private final int port;
    private Process server;

    private PrivateMariaDb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A fresh server in a new temporary directory, with the miniShop2 schema loaded. */
    public static PrivateMariaDb start() {
        try {
            PrivateMariaDb db = new PrivateMariaDb(Files.createTempDirectory("shopsync-mariadb-"), FreePorts.next());
            db.install();
            db.startServer();
            db.loadSchema();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    public Connection appConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), APP_USER, APP_PASSWORD);
    }

    /**
     * Changes a server variable the way an operator would ({@code SET GLOBAL}, as root): new connections see it, the
     * server's start options do not change, so {@link #restart()} undoes it.
     */
    public void setGlobal(String variable, String value) {
        if (!variable.matches("[a-z_]+") || !value.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("not a server variable and value: " + variable + "=" + value);
        }
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
             Statement s = c.createStatement()) {
            s.execute("SET GLOBAL " + variable + " = " + value);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set " + variable + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server abruptly (a crash, not a shutdown). */
    public void kill() {
        if (server != null) {
            server.destroyForcibly();
            waitFor(server);
            server = null;
        }
    }

    /** Starts the server again on the same port and data. */
    public void restart() {
        kill();
        startServer();
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroy();
            waitFor(server);
            server = null;
        }
        FreePorts.deleteTree(dir);
    }

    private void install() {
        try {
            // A temp dir of its own: two servers bootstrapping at once in /tmp trip over each other's temporary tables.
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of(binary("mariadb-install-db"), "--no-defaults", "--user=" + System.getProperty("user.name"),
                "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"), "--auth-root-authentication-method=normal",
                "--skip-test-db"), dir.resolve("install.log"));
    }

    private void startServer() {
        List<String> cmd = new ArrayList<>(List.of(binary("mariadbd"), "--no-defaults",
                "--user=" + System.getProperty("user.name"), "--datadir=" + dir.resolve("data"),
                "--socket=" + socket(), "--pid-file=" + dir.resolve("mariadbd.pid"), "--port=" + port, "--tmpdir=" + dir.resolve("tmp"),
                "--bind-address=127.0.0.1", "--skip-name-resolve", "--server-id=1",
                "--log-bin=" + dir.resolve("data/mariadb-bin"), "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
                "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=32M", "--max-connections=200",
                "--log-error=" + dir.resolve("error.log")));
        try {
            server = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) break;
            try (Connection ignored = DriverManager.getConnection(
                    "jdbc:mariadb://127.0.0.1:" + port + "/", "root", "")) {
                return;
            } catch (SQLException notYet) {
                sleepBriefly();
            }
        }
        throw new IllegalStateException("mariadbd did not come up on port " + port + ": " + tail(dir.resolve("error.log")));
    }

    private void loadSchema() {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            s.execute("CREATE USER '" + CDC_USER + "'@'%' IDENTIFIED BY '" + CDC_PASSWORD + "'");
            s.execute("GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO '"
                    + CDC_USER + "'@'%'");
            // The write-back of CRM statuses uses the CDC identity too; it needs to change orders and logs.
            s.execute("GRANT INSERT, UPDATE ON " + DATABASE + ".* TO '" + CDC_USER + "'@'%'");
            s.execute("CREATE USER '" + APP_USER + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'");
            s.execute("GRANT ALL ON " + DATABASE + ".* TO '" + APP_USER + "'@'%'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the private MariaDB: " + e.getMessage(), e);
        }
        // miniShop2's own tables, then those of the msOptionsPrice2 extra (modifications), which many shops add.
        for (String file : List.of("minishop2-schema.sql", "msoptionsprice2-schema.sql")) loadSql(file);
    }

    private void loadSql(String resource) {
        try (InputStream schema = PrivateMariaDb.class.getResourceAsStream(resource)) {
            Process p = new ProcessBuilder(binary("mariadb"), "--no-defaults", "-S", socket(), "-uroot", DATABASE)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("schema.log").toFile()).start();
            try (var in = p.getOutputStream()) {
                schema.transferTo(in);
            }
            if (waitFor(p) != 0) {
                throw new IllegalStateException("loading " + resource + " failed: " + tail(dir.resolve("schema.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String socket() {
        return dir.resolve("mariadbd.sock").toString();
    }

    private static String binary(String name) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin")) {
            File f = new File(d, name);
            if (f.canExecute()) return f.getPath();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) return f.getPath();
        }
        throw new IllegalStateException(name + " is not installed: the private test MariaDB needs the MariaDB server "
                + "binaries (Debian/Ubuntu: apt-get install mariadb-server; MariaDB 10.11 is what shopsync is tested with)");
    }

    private static void run(List<String> cmd, Path log) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (waitFor(p) != 0) throw new IllegalStateException(cmd.get(0) + " failed: " + tail(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int waitFor(Process p) {
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.exists(log) ? Files.readString(log) : "(no log)";
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(unreadable log " + log + ")";
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
