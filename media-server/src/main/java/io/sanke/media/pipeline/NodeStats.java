package io.sanke.media.pipeline;

/**
 * What one node did, as a snapshot: packets and bytes in and out, packets it dropped
 * (filtered, malformed, unknown), exceptions it caught, and the time it spent in its own
 * work (not in the nodes after it). {@code extra} names a node-specific counter set, e.g.
 * "malformed=3 nacksSent=7", empty when the node has none.
 */
public record NodeStats(String name, long packetsIn, long bytesIn, long packetsOut, long bytesOut,
                        long dropped, long errors, long nanosSpent, String extra) {
    @Override
    public String toString() {
        return name + " in=" + packetsIn + "/" + bytesIn + "B out=" + packetsOut + "/" + bytesOut
            + "B dropped=" + dropped + " errors=" + errors + " time=" + nanosSpent / 1000 + "us"
            + (extra.isEmpty() ? "" : " " + extra);
    }
}
