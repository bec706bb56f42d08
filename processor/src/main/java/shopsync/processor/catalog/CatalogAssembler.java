package shopsync.processor.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CatalogEntry;
import shopsync.processor.BinlogPosition;
import shopsync.processor.Rows;
import shopsync.processor.catalog.CatalogRows.ModificationRow;

/**
 * Keeps the shop's catalog from the row events of {@code shop.cdc.products}: the rows of one resource (page, data
 * row, msOptionsPrice2 modifications and options) arrive on one partition in commit order. After each row it works out
 * what the catalog shows for that id, a product (published, not deleted, {@code msProduct} with its data row, with its
 * active modifications), a category (published, not deleted {@code msCategory}) or a vendor, and forwards a
 * {@link CatalogChange} for each record that changed; a product that leaves the catalog is a change to nothing.
 */
public final class CatalogAssembler implements Processor<String, JsonNode, String, CatalogChange> {
    private static final Logger log = LoggerFactory.getLogger(CatalogAssembler.class);

    private final String tablePrefix;
    private ProcessorContext<String, CatalogChange> context;
    private KeyValueStore<String, CatalogRows> store;

    public CatalogAssembler(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    @Override
    public void init(ProcessorContext<String, CatalogChange> context) {
        this.context = context;
        this.store = context.getStateStore(CatalogRows.STORE);
    }

    @Override
    public void process(Record<String, JsonNode> record) {
        if (record.key() == null || record.value() == null) return;
        JsonNode envelope = record.value();
        String table = Rows.table(envelope, tablePrefix);
        if (table == null) return;
        CatalogRows rows = Objects.requireNonNullElseGet(store.get(record.key()), CatalogRows::empty);
        BinlogPosition position = BinlogPosition.of(envelope);
        if (position != null && position.isReplayAfter(rows.applied())) {
            log.debug("catalog {}: replayed row event at {} ignored", record.key(), position);
            return;
        }
        JsonNode after = Rows.after(envelope);
        JsonNode row = after != null ? after : Rows.before(envelope);
        boolean ownsRow = after != null && record.key().equals(Rows.text(after, "rid"));
        rows = switch (table) {
            case "site_content" -> with(rows, CatalogRows.Resource.of(after), rows.data(), rows.modifications(), rows.options(), rows.vendor());
            case "ms2_products" -> with(rows, rows.resource(), CatalogRows.ProductData.of(after), rows.modifications(), rows.options(), rows.vendor());
            case "msop_modifications" -> {
                Map<String, ModificationRow> mods = new HashMap<>(rows.modifications());
                if (ownsRow) mods.put(Rows.text(row, "id"), ModificationRow.of(after));
                else mods.remove(Rows.text(row, "id"));
                yield with(rows, rows.resource(), rows.data(), mods, rows.options(), rows.vendor());
            }
            case "msop_modification_options" -> {
                Map<String, Map<String, String>> options = new HashMap<>(rows.options());
                Map<String, String> ofMod = new TreeMap<>(options.getOrDefault(Rows.text(row, "mid"), Map.of()));
                if (ownsRow) ofMod.put(Rows.text(row, "key"), Objects.requireNonNullElse(Rows.text(row, "value"), ""));
                else ofMod.remove(Rows.text(row, "key"));
                if (ofMod.isEmpty()) options.remove(Rows.text(row, "mid"));
                else options.put(Rows.text(row, "mid"), ofMod);
                yield with(rows, rows.resource(), rows.data(), rows.modifications(), options, rows.vendor());
            }
            case "ms2_vendors" -> with(rows, null, null, Map.of(), Map.of(), after == null ? null
                    : new CatalogEntry.Vendor(Rows.number(after, "id"), Rows.text(after, "name")));
            default -> rows;
        };
        // Rows of a resource are keyed by its id; a vendor's by vendor:<id>.
        long id = table.equals("ms2_vendors") ? Rows.number(row, "id") : record.key().matches("\\d{1,18}") ? Long.parseLong(record.key()) : 0;
        if (id == 0) {
            log.warn("catalog: a {} row under key '{}' belongs to no resource; ignored", table, record.key());
            return;
        }
        CatalogRows.Emitted now = new CatalogRows.Emitted(product(id, rows), category(id, rows.resource()), rows.vendor());
        CatalogRows.Emitted was = rows.emitted();
        boolean snapshot = Rows.snapshotRead(envelope);
        long ts = Rows.sourceTimeMs(envelope);
        forward(record, CatalogEntry.productKey(id), was.product(), now.product(), p -> new CatalogEntry(p, null, null), snapshot, ts);
        forward(record, CatalogEntry.categoryKey(id), was.category(), now.category(), c -> new CatalogEntry(null, c, null), snapshot, ts);
        forward(record, CatalogEntry.vendorKey(id), was.vendor(), now.vendor(), v -> new CatalogEntry(null, null, v), snapshot, ts);
        store.put(record.key(), new CatalogRows(rows.resource(), rows.data(), rows.modifications(), rows.options(), rows.vendor(), now,
                position != null ? position : rows.applied()));
    }

    private <T> void forward(Record<String, JsonNode> record, String key, T was, T now, Function<T, CatalogEntry> entry,
                             boolean snapshot, long ts) {
        if (Objects.equals(was, now)) return;
        context.forward(record.withKey(key).withValue(new CatalogChange(key, was == null ? null : entry.apply(was),
                now == null ? null : entry.apply(now), snapshot, ts)));
    }

    private static CatalogRows with(CatalogRows r, CatalogRows.Resource resource, CatalogRows.ProductData data,
                                    Map<String, ModificationRow> mods, Map<String, Map<String, String>> options, CatalogEntry.Vendor vendor) {
        return new CatalogRows(resource, data, mods, options, vendor, r.emitted(), r.applied());
    }

    private static CatalogEntry.Product product(long id, CatalogRows rows) {
        CatalogRows.Resource r = rows.resource();
        CatalogRows.ProductData d = rows.data();
        if (r == null || d == null || !"msProduct".equals(r.classKey()) || !r.published() || r.deleted()) return null;
        List<CatalogEntry.Modification> mods = new ArrayList<>();
        rows.modifications().values().stream().filter(ModificationRow::active)
                .sorted(Comparator.comparingLong(ModificationRow::rank).thenComparingLong(ModificationRow::id))
                .forEach(m -> {
                    Map<String, String> options = rows.options().getOrDefault(String.valueOf(m.id()), Map.of());
                    mods.add(new CatalogEntry.Modification(m.id(), name(m, options), ModificationPrices.price(m.type(), m.price(), d.price()),
                            blankToNull(m.article()), ModificationPrices.weight(m.type(), m.weight(), d.weight()), m.count(), Map.copyOf(options)));
                });
        return new CatalogEntry.Product(id, r.pagetitle(), r.parent(), r.uri(), blankToNull(d.article()), d.price(), d.weight(), d.remains(),
                blankToNull(d.image()), d.vendor(), List.copyOf(mods));
    }

    /**
     * A modification's own name (the newer msOptionsPrice2 model has a {@code name} column); else its options' values
     * ("XL, красный"), its article, or its id.
     */
    private static String name(ModificationRow m, Map<String, String> options) {
        if (m.name() != null) return m.name();
        if (!options.isEmpty()) return new TreeMap<>(options).values().stream().collect(Collectors.joining(", "));
        return m.article() != null ? m.article() : "#" + m.id();
    }

    private static CatalogEntry.Category category(long id, CatalogRows.Resource r) {
        if (r == null || !"msCategory".equals(r.classKey()) || !r.published() || r.deleted()) return null;
        return new CatalogEntry.Category(id, r.parent(), r.pagetitle());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
