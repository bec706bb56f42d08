package shopsync.app.ops;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import shopsync.connector.ShopDatabase;

/**
 * {@code shopsync setup}: prepares the shop for shopsync. Creates FrontpadApi's error status "Ошибка API" when it is
 * missing (active, neither final nor fixed, ranked above the standard statuses so miniShop2's rules let any open
 * order move into it) and prints its id for {@code frontpad.error-status}.
 */
public final class Setup {
    public static final String ERROR_STATUS_NAME = "Ошибка API";

    private Setup() {}

    public static int errorStatus(ShopDatabase shop, PrintStream out) throws SQLException {
        String table = shop.table("ms2_order_statuses");
        try (Connection c = shop.connectForWriteBack()) {
            try (PreparedStatement find = c.prepareStatement("SELECT id FROM " + table + " WHERE name = ?")) {
                find.setString(1, ERROR_STATUS_NAME);
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        out.printf("status '%s' exists: id %d (frontpad.error-status: %d)%n", ERROR_STATUS_NAME, rs.getInt(1), rs.getInt(1));
                        return rs.getInt(1);
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (name, description, color, email_user, "
                    + "email_manager, active, final, fixed, `rank`, editable) VALUES (?, 'Заказ не передан в CRM (shopsync)', 'FF0000', "
                    + "0, 0, 1, 0, 0, 100, 1)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, ERROR_STATUS_NAME);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    out.printf("status '%s' created: id %d (set frontpad.error-status: %d)%n", ERROR_STATUS_NAME, keys.getInt(1), keys.getInt(1));
                    return keys.getInt(1);
                }
            }
        }
    }
}
