package io.sanke.media.pipeline;

import java.util.Map;

/**
 * Send side, per consumer: gives each forwarded packet the header extension ids the
 * receiver negotiated. The publisher's and the receiver's {@code a=extmap} ids for the same
 * URI may differ; an element whose URI the receiver also negotiated gets the receiver's id,
 * every other element (the publisher's mid, rid and repaired-rid above all, which would
 * name an m-section or a layer the receiver does not have) is removed and the packet
 * shortened. Works in place and allocates nothing per packet.
 *
 * <p>Does not change the values: the transport-wide sequence is written later, per
 * receiving transport, by {@link TransportCcTagger}. Until {@link #setMapping} is called
 * every extension is removed.
 */
public final class HeaderExtensionRewriter extends TransformerNode {
    private volatile int[] newIds = new int[256];
    private long rewritten;
    private long bytesRemoved;

    public HeaderExtensionRewriter() {
        super("HeaderExtensionRewriter");
    }

    /** Publisher id → receiver id for the extensions to keep (ids 1..255); all others are removed. */
    public void setMapping(Map<Integer, Integer> publisherToReceiver) {
        int[] table = new int[256];
        for (var e : publisherToReceiver.entrySet()) {
            int from = e.getKey();
            int to = e.getValue();
            if (from < 1 || from > 255 || to < 1 || to > 255) {
                throw new IllegalArgumentException("extension id out of range [from:" + from + ", to:" + to + "]");
            }
            table[from] = to;
        }
        newIds = table;
    }

    /** The current mapping as publisher id → receiver id. */
    public Map<Integer, Integer> mapping() {
        int[] t = newIds;
        Map<Integer, Integer> m = new java.util.TreeMap<>();
        for (int i = 1; i < t.length; i++) {
            if (t[i] != 0) {
                m.put(i, t[i]);
            }
        }
        return m;
    }

    @Override
    protected PacketInfo transform(PacketInfo info) {
        var p = info.rtp();
        if (p.hasExtension()) {
            bytesRemoved += p.remapExtensions(newIds);
            rewritten++;
        }
        return info;
    }

    /** Packets whose extension block was rewritten. */
    public long rewritten() {
        return rewritten;
    }

    /** Bytes removed from forwarded packets (dropped elements and freed words). */
    public long bytesRemoved() {
        return bytesRemoved;
    }

    @Override
    protected String extraStats() {
        return "rewritten=" + rewritten + " bytesRemoved=" + bytesRemoved + " mapping=" + mapping();
    }
}
