package shopsync.events;

import java.util.Locale;

/**
 * Key of a record in a target's sync topic: {@code order:<id>}, {@code customer:<id>} or {@code offer:<id>}. Requests of one key are
 * delivered one at a time, in order; keys are independent of each other.
 */
public record SyncKey(Entity entity, String id) {

    public enum Entity { ORDER, CUSTOMER, OFFER }

    public static String order(Object id) {
        return new SyncKey(Entity.ORDER, String.valueOf(id)).toString();
    }

    public static String customer(Object id) {
        return new SyncKey(Entity.CUSTOMER, String.valueOf(id)).toString();
    }

    /** An offer of the CRM's catalog by its id there ({@code 7}, {@code mod-7-3}): its stock and price travel under this key. */
    public static String offer(String offerId) {
        return new SyncKey(Entity.OFFER, offerId).toString();
    }

    /** Reads a key back; a key without a known entity prefix is an order (the older form). */
    public static SyncKey parse(String key) {
        int colon = key.indexOf(':');
        if (colon > 0) {
            for (Entity e : Entity.values()) {
                if (key.regionMatches(true, 0, e.name(), 0, colon) && e.name().length() == colon) {
                    return new SyncKey(e, key.substring(colon + 1));
                }
            }
        }
        return new SyncKey(Entity.ORDER, key);
    }

    @Override
    public String toString() {
        return entity.name().toLowerCase(Locale.ROOT) + ":" + id;
    }
}
