package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Json;
import shopsync.events.OrderExternalId;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.delivery.Delivery.TransientFailure;

/**
 * Before the first order is written under a naming scheme, asks RetailCRM (one {@code orders} request) whether the
 * store already holds a few of the shop's newest orders under the other scheme and none under this one: then
 * shopsync would send every order again as a duplicate, so it stops with the key to set. A shop switching from
 * the modRetailCRM plugin has its orders named by num ({@code 2103-308}) and needs
 * {@code retailcrm.order-external-id=num}.
 *
 * <p>It runs when the target opens, on the newest orders of {@code shop.orders}, and fails the start. When there is
 * nothing to compare yet (a first start before any order was read) it runs before the first order write instead,
 * on the orders being written, and holds them back (retried, nothing written) until the setting is right. Once
 * passed, the scheme is saved in {@code crm.cursors} and later starts ask nothing.
 */
public final class OrderNamingCheck {
    static final String CURSOR = "retailcrm.order-external-id";
    private static final Logger log = LoggerFactory.getLogger(OrderNamingCheck.class);
    private static final int SAMPLE = 5;

    /** The store holds the shop's orders under the other scheme. */
    static final class WrongScheme extends IllegalStateException {
        WrongScheme(String message) {
            super(message);
        }
    }

    private final RetailCrmClient client;
    private final OrderNames names;
    private final String site;
    private final Supplier<String> savedScheme;
    private final Consumer<String> saveScheme;
    private volatile boolean passed;

    /**
     * @param savedScheme reads the scheme saved when the check last passed (null: never)
     * @param saveScheme saves it
     */
    OrderNamingCheck(RetailCrmClient client, OrderNames names, String site, Supplier<String> savedScheme, Consumer<String> saveScheme) {
        this.client = client;
        this.names = names;
        this.site = site;
        this.savedScheme = savedScheme;
        this.saveScheme = saveScheme;
    }

    /** At open: throws {@link WrongScheme} when the store holds the shop's newest orders under the other scheme. */
    void atOpen() {
        if (names.scheme().key().equals(savedScheme.get())) {
            passed = true;
            return;
        }
        names.shop().refresh();
        Map<String, String> sample = names.shop().newest(SAMPLE);
        if (sample.isEmpty()) {
            log.info("retailcrm: no shop orders read yet; the order naming ({}={}) is checked before the first order is written",
                    CURSOR, names.scheme().key());
            return;
        }
        try {
            check(sample);
        } catch (CrmUnreachable | TransientFailure e) {
            log.warn("retailcrm: order naming not checked yet ({}); checked before the first order is written", e.getMessage());
        }
    }

    /** Before order requests are sent: throws {@link TransientFailure} (nothing is written) while the check fails. */
    void beforeWrite(List<SyncRequest> requests) {
        if (passed) return;
        Map<String, String> sample = new LinkedHashMap<>();
        for (SyncRequest r : requests) {
            String num = r.kind() == Kind.CUSTOMER_UPSERT ? null : Json.text(r.payload(), "number");
            if (num != null && sample.size() < SAMPLE) sample.put(r.entityId(), num);
        }
        if (sample.isEmpty()) return;
        try {
            check(sample);
        } catch (WrongScheme e) {
            log.error("retailcrm: {}", e.getMessage());
            throw new TransientFailure(e.getMessage());
        } catch (CrmUnreachable e) {
            throw new TransientFailure(e.getMessage());
        }
    }

    /** @param sample shop order id → num */
    private void check(Map<String, String> sample) {
        Verdict verdict = verdict(client, names.scheme(), site, sample);
        if (verdict.mismatch() != null) throw new WrongScheme(verdict.mismatch());
        OrderExternalId scheme = names.scheme();
        passed = true;
        saveScheme.accept(scheme.key());
        log.info("retailcrm: orders are named by {} ({} of {} sampled orders already in the store)", scheme.key(),
                verdict.alreadyThere(), sample.size());
    }

    /**
     * What the store says about naming orders by {@code scheme}.
     *
     * @param mismatch null when the scheme may be used; else why not, with the key to set
     * @param alreadyThere how many of the sampled orders the store holds under {@code scheme}
     */
    public record Verdict(String mismatch, long alreadyThere) {}

    /**
     * Asks RetailCRM (one {@code orders} request) whether store {@code site} holds the sampled shop orders under the other
     * scheme and none under {@code scheme}; also what {@code shopsync check} asks.
     *
     * @param sample at most 10 shop orders: id → num
     * @throws TransientFailure when RetailCRM answers with an error
     * @throws CrmUnreachable when it does not answer
     */
    public static Verdict verdict(RetailCrmClient client, OrderExternalId scheme, String site, Map<String, String> sample) {
        OrderExternalId other = scheme == OrderExternalId.ID ? OrderExternalId.NUM : OrderExternalId.ID;
        Map<String, String> ours = new LinkedHashMap<>();
        Map<String, String> theirs = new LinkedHashMap<>();
        sample.forEach((id, num) -> {
            long shopId = Long.parseLong(id);
            ours.put(scheme.of(shopId, num), id);
            theirs.put(other.of(shopId, num), id);
        });
        theirs.keySet().removeAll(ours.keySet());
        List<String> asked = new ArrayList<>(ours.keySet());
        asked.addAll(theirs.keySet());
        CrmResponse response = client.ordersByExternalIds(asked);
        if (!response.success()) throw new TransientFailure("RetailCRM answered " + response.status() + ": " + response.describe());
        Set<String> found = new HashSet<>();
        for (JsonNode o : response.body().path("orders")) {
            String externalId = Json.text(o, "externalId");
            if (externalId != null) found.add(externalId);
        }
        long anyOurs = ours.keySet().stream().filter(found::contains).count();
        String example = theirs.keySet().stream().filter(found::contains).findFirst().orElse(null);
        if (example != null && anyOurs == 0) {
            return new Verdict("RetailCRM store '" + site + "' already has this shop's orders named by " + other.key() + " (e.g. "
                    + example + " for shop order " + theirs.get(example) + "), none by " + scheme.key() + ": set " + CURSOR + "="
                    + other.key() + (other == OrderExternalId.NUM ? " (as the modRetailCRM plugin names them)" : "")
                    + ", or every order would be sent again as a duplicate", 0);
        }
        return new Verdict(null, anyOurs);
    }
}
