package io.sanke.media.pipeline;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtpPacket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Receive side, after RTX unwrapping: tells which simulcast layer a video packet belongs
 * to and writes it into {@link PacketInfo#layer()} (0 = lowest). A layer is known by SSRC
 * ({@link #mapSsrc}, from {@code a=ssrc-group:SIM}) or learned from the rtp-stream-id
 * header extension: the rids are given lowest first, as {@code a=simulcast:send q;h;f}
 * lists them in order of the encodings the SFU accepts. libwebrtc sends the rid only on
 * the first packets of a stream, so the SSRC is remembered.
 *
 * <p>It demultiplexes by tagging rather than by paths: every layer goes on to the same
 * fan-out, and each consumer's {@link LayerSelector} keeps the one it wants. Packets of a
 * stream it cannot place are dropped and counted ({@code unknownStream}).
 */
public final class SimulcastDemux extends TransformerNode {
    private final int ridExtId;
    private final List<String> ridsLowToHigh;
    private final boolean single;
    private final Map<Long, Integer> layerBySsrc = new HashMap<>();
    private final long[] packetsPerLayer;
    private long unknownStream;

    /**
     * @param ridExtId id of the rtp-stream-id extension, or 0 when layers are mapped by SSRC only
     * @param ridsLowToHigh the rids, lowest resolution first; may be empty with {@link #mapSsrc}
     */
    public SimulcastDemux(int ridExtId, List<String> ridsLowToHigh) {
        this(ridExtId, ridsLowToHigh, false, Math.max(ridsLowToHigh.size(), 3));
    }

    private SimulcastDemux(int ridExtId, List<String> ridsLowToHigh, boolean single, int layers) {
        super("SimulcastDemux");
        this.ridExtId = ridExtId;
        this.ridsLowToHigh = List.copyOf(ridsLowToHigh);
        this.single = single;
        this.packetsPerLayer = new long[layers];
    }

    /** For a producer without simulcast: every packet is layer 0. */
    public static SimulcastDemux single() {
        return new SimulcastDemux(0, List.of(), true, 1);
    }

    /** Declares the layer of an SSRC (0 = lowest). */
    public void mapSsrc(long ssrc, int layer) {
        if (layer < 0 || layer >= packetsPerLayer.length) {
            throw new IllegalArgumentException("layer out of range [ssrc:" + ssrc + "] [layer:" + layer + "]");
        }
        layerBySsrc.put(ssrc, layer);
    }

    /** The layer of {@code ssrc}, or -1 when not known (yet). */
    public int layerOf(long ssrc) {
        return single ? 0 : layerBySsrc.getOrDefault(ssrc, -1);
    }

    @Override
    protected PacketInfo transform(PacketInfo info) {
        RtpPacket p = info.rtp();
        int layer;
        if (single) {
            layer = 0;
        } else {
            Integer known = layerBySsrc.get(p.ssrc());
            if (known == null && ridExtId > 0) {
                String rid = HeaderExtensions.readString(p, ridExtId);
                int index = rid == null ? -1 : ridsLowToHigh.indexOf(rid);
                if (index >= 0) {
                    layerBySsrc.put(p.ssrc(), index);
                    known = index;
                }
            }
            if (known == null) {
                unknownStream++;
                return null;
            }
            layer = known;
        }
        packetsPerLayer[layer]++;
        info.setLayer(layer);
        return info;
    }

    @Override
    protected String extraStats() {
        StringBuilder sb = new StringBuilder("unknownStream=").append(unknownStream);
        for (int i = 0; i < packetsPerLayer.length; i++) {
            sb.append(" layer").append(i).append('=').append(packetsPerLayer[i]);
        }
        return sb.toString();
    }
}
