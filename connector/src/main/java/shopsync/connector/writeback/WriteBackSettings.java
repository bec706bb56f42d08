package shopsync.connector.writeback;

/**
 * How the write-back reaches the shop database.
 *
 * @param logUserId the {@code user_id} written into {@code ms2_order_logs} for CRM-made changes
 * @param trail whether each command applied (or refused) goes to the order's trail ({@code shopsync.trail})
 */
public record WriteBackSettings(String jdbcUrl, String user, String password, String tablePrefix, long logUserId, boolean trail) {

    /** With the trail on. */
    public WriteBackSettings(String jdbcUrl, String user, String password, String tablePrefix, long logUserId) {
        this(jdbcUrl, user, password, tablePrefix, logUserId, true);
    }

    public WriteBackSettings withTrail(boolean on) {
        return new WriteBackSettings(jdbcUrl, user, password, tablePrefix, logUserId, on);
    }

    @Override
    public String toString() {
        return "WriteBackSettings[" + user + "@" + jdbcUrl + ", prefix=" + tablePrefix + "]";
    }
}
