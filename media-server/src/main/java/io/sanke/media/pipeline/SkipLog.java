package io.sanke.media.pipeline;

/**
 * The values of one stream (sequence numbers, or VP8 picture ids) that were deliberately
 * not forwarded, oldest first, in a ring of fixed size. {@link RtpRewriter} closes the
 * numbering over each one it is told of; a packet that arrives late (older than the newest
 * seen) needs the offset that was in force at its place in the stream, which is the current
 * one plus the number of skipped values newer than it: {@link #countNewerThan}.
 *
 * <p>Values are serial numbers modulo {@code modulus} (2^16 for sequence numbers, 2^15 or
 * 2^7 for picture ids) and must be added in increasing order. Allocates nothing after
 * construction. Not thread-safe.
 */
final class SkipLog {
    private final int[] ring;
    private int modulus = 0x10000;
    private int size;
    private int next;
    private boolean forgot;

    SkipLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive [capacity:" + capacity + "]");
        }
        this.ring = new int[capacity];
    }

    /** Forgets every value; the next ones are modulo {@code modulus}. */
    void clear(int modulus) {
        this.modulus = modulus;
        size = 0;
        next = 0;
        forgot = false;
    }

    /** Records {@code value}, which must be newer than every value recorded since {@link #clear}. */
    void add(int value) {
        ring[next] = Math.floorMod(value, modulus);
        next = (next + 1) % ring.length;
        if (size < ring.length) {
            size++;
        } else {
            forgot = true;
        }
    }

    /** True when {@code value} is among the values held. */
    boolean contains(int value) {
        int v = Math.floorMod(value, modulus);
        for (int i = 1; i <= size; i++) {
            int e = ring[Math.floorMod(next - i, ring.length)];
            if (e == v) {
                return true;
            }
            if (!newer(e, v)) {
                return false;
            }
        }
        return false;
    }

    /**
     * How many recorded values are newer than {@code value}; -1 when that is not known
     * any more (every value held is newer and older ones were already forgotten).
     */
    int countNewerThan(int value) {
        int v = Math.floorMod(value, modulus);
        int n = 0;
        while (n < size && newer(ring[Math.floorMod(next - 1 - n, ring.length)], v)) {
            n++;
        }
        return n == size && forgot ? -1 : n;
    }

    /** Values held now. */
    int size() {
        return size;
    }

    private boolean newer(int a, int b) {
        int d = Math.floorMod(a - b, modulus);
        return d != 0 && d < modulus / 2;
    }
}
