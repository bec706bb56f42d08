package shopsync.processor;

import java.util.Arrays;

/**
 * Values decoded from bytes, kept per thread in a fixed number of slots and found again by those bytes: by their
 * identity (a store's record cache hands back the very array written) or by their content (a global store reads a fresh
 * copy each time). A value found is the object stored, so only values nobody changes may be kept.
 */
final class DecodedMemo<V> {
    private final int slots;
    private final boolean byContent;
    private final ThreadLocal<Object[]> table;

    private DecodedMemo(int slots, boolean byContent) {
        this.slots = slots;
        this.byContent = byContent;
        this.table = ThreadLocal.withInitial(() -> new Object[2 * slots]);
    }

    /** @param slots a power of two */
    static <V> DecodedMemo<V> byIdentity(int slots) {
        return new DecodedMemo<>(slots, false);
    }

    /** @param slots a power of two */
    static <V> DecodedMemo<V> byContent(int slots) {
        return new DecodedMemo<>(slots, true);
    }

    /** The value kept for these bytes, or null. */
    V get(byte[] bytes) {
        Object[] t = table.get();
        int i = index(bytes);
        boolean same = t[i] == bytes || byContent && t[i] instanceof byte[] seen && Arrays.equals(seen, bytes);
        @SuppressWarnings("unchecked") V value = same ? (V) t[i + 1] : null;
        return value;
    }

    void put(byte[] bytes, V value) {
        Object[] t = table.get();
        int i = index(bytes);
        t[i] = bytes;
        t[i + 1] = value;
    }

    /** The slot of these bytes (its first of two places: the bytes, then the value). */
    int slot(byte[] bytes) {
        return (byContent ? Arrays.hashCode(bytes) : System.identityHashCode(bytes)) & (slots - 1);
    }

    private int index(byte[] bytes) {
        return 2 * slot(bytes);
    }
}
