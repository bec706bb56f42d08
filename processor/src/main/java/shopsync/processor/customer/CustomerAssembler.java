package shopsync.processor.customer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import shopsync.events.CustomerSnapshot;
import shopsync.processor.BinlogPosition;
import shopsync.processor.Rows;

/**
 * Folds {@code users} and {@code user_attributes} row events into a customer snapshot. A customer is emitted
 * once it has a profile row, and again only when a field the CRM cares about changed (a login, which
 * rewrites {@code lastlogin}, emits nothing).
 */
public final class CustomerAssembler implements Processor<String, JsonNode, String, CustomerChange> {
    private final String tablePrefix;
    private ProcessorContext<String, CustomerChange> context;
    private KeyValueStore<String, CustomerRows> store;

    public CustomerAssembler(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    @Override
    public void init(ProcessorContext<String, CustomerChange> context) {
        this.context = context;
        this.store = context.getStateStore(CustomerRows.STORE);
    }

    @Override
    public void process(Record<String, JsonNode> record) {
        if (record.key() == null || record.value() == null) return;
        String table = Rows.table(record.value(), tablePrefix);
        CustomerRows rows = store.get(record.key());
        if (rows == null) rows = new CustomerRows(null, null, null, null);
        BinlogPosition position = BinlogPosition.of(record.value());
        if (position != null && position.isReplayAfter(rows.applied())) return;
        BinlogPosition applied = position != null ? position : rows.applied();
        JsonNode after = Rows.after(record.value());
        if ("users".equals(table)) rows = new CustomerRows(after, rows.attributes(), rows.emitted(), applied);
        else if ("user_attributes".equals(table)) rows = new CustomerRows(rows.user(), after, rows.emitted(), applied);
        else return;

        CustomerSnapshot snapshot = rows.attributes() == null ? null : snapshot(Long.parseLong(record.key()), rows);
        if (snapshot != null && !Objects.equals(snapshot, rows.emitted())) {
            rows = new CustomerRows(rows.user(), rows.attributes(), snapshot, rows.applied());
            context.forward(record.withValue(new CustomerChange(snapshot, Rows.snapshotRead(record.value()))));
        }
        store.put(record.key(), rows);
    }

    private static CustomerSnapshot snapshot(long id, CustomerRows rows) {
        JsonNode a = rows.attributes();
        return new CustomerSnapshot(id, Rows.text(rows.user(), "username"), Rows.text(a, "fullname"),
                Rows.text(a, "email"), Rows.text(a, "phone"), Rows.text(a, "mobilephone"));
    }
}
