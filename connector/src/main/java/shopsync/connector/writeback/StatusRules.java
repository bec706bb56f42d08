package shopsync.connector.writeback;

/**
 * miniShop2's own rules for a status change ({@code miniShop2::changeOrderStatus}): the target must exist
 * and be active; nothing leaves a {@code final} status; a {@code fixed} status only moves to a higher rank.
 */
final class StatusRules {
    record Status(int id, boolean active, boolean isFinal, boolean fixed, long rank) {}

    private StatusRules() {}

    /** Why the change is refused, or null when miniShop2 would allow it. */
    static String refusal(Status from, Status to, int toId) {
        if (to == null) return "status " + toId + " does not exist in the shop";
        if (!to.active()) return "status " + toId + " is not active";
        if (from == null) return null;
        if (from.isFinal()) return "status " + from.id() + " is final: miniShop2 allows no change out of it";
        if (from.fixed() && to.rank() <= from.rank()) {
            return "status " + from.id() + " is fixed: only a status of higher rank may follow (" + toId + " has rank "
                    + to.rank() + ", not above " + from.rank() + ")";
        }
        return null;
    }
}
