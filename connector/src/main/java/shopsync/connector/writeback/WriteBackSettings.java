package shopsync.connector.writeback;

/**
 * How the write-back reaches the shop database.
 *
 * @param logUserId the {@code user_id} written into {@code ms2_order_logs} for CRM-made changes
 */
public record WriteBackSettings(String jdbcUrl, String user, String password, String tablePrefix, long logUserId) {
    @Override
    public String toString() {
        return "WriteBackSettings[" + user + "@" + jdbcUrl + ", prefix=" + tablePrefix + "]";
    }
}
