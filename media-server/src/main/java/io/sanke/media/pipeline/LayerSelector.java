package io.sanke.media.pipeline;

import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.RtpPacket;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Send side, first node of a video consumer: of all simulcast layers of the producer
 * (tagged by {@link SimulcastDemux}) it lets through only the one this consumer gets.
 *
 * <p>The <b>target</b> layer is the highest layer that (a) is not above the consumer's
 * preference ({@link #setMaxLayer}, or {@link #pause()}), (b) is being received (a packet
 * was seen and, when bitrates are known, its bitrate is above zero) and (c) fits the
 * bandwidth estimate ({@link #setBandwidthEstimate}, compared with
 * {@link #setLayerBitrates}); when no layer fits, the lowest received one. The
 * <b>current</b> layer, the one forwarded, becomes the target only at the first packet of
 * a keyframe of the target layer, so the decoder never sees a frame it cannot decode;
 * until then the old layer keeps flowing, and a keyframe of the target is requested
 * (through {@code keyframeRequest}, throttled by {@link KeyframeRequester}).
 *
 * <p>Counts switches and keyframe requests; does not rewrite (see {@link RtpRewriter}).
 * Temporal layers within the forwarded layer are the {@link TemporalLayerFilter}'s.
 */
public final class LayerSelector extends FilterNode {
    public static final int MAX_LAYERS = 3;

    private final Codec codec;
    private final LongConsumer keyframeRequest;
    private final long[] ssrcByLayer = new long[MAX_LAYERS];
    private final boolean[] seen = new boolean[MAX_LAYERS];
    private long[] layerBitrates;
    private long estimateBps = Long.MAX_VALUE;
    private int maxLayer = MAX_LAYERS - 1;
    private boolean paused;
    private int current = -1;
    private IntConsumer onSwitch = layer -> { };
    private long switches;
    private long keyframeRequests;

    /**
     * @param codec the producer's codec, to recognise keyframes
     * @param keyframeRequest asks the producer for a keyframe on an SSRC (e.g. {@code requester::request})
     */
    public LayerSelector(Codec codec, LongConsumer keyframeRequest) {
        super("LayerSelector");
        this.codec = codec;
        this.keyframeRequest = keyframeRequest;
    }

    /** The consumer's preference: the highest layer wanted (0 = lowest). Does not resume a paused selector. */
    public void setMaxLayer(int layer) {
        if (layer < 0 || layer >= MAX_LAYERS) {
            throw new IllegalArgumentException("preferred layer out of range [layer:" + layer + "]");
        }
        this.maxLayer = layer;
    }

    /** Forwards nothing until {@link #resume()}; the preference is kept. */
    public void pause() {
        this.paused = true;
    }

    public void resume() {
        this.paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /** The send-side bandwidth estimate for this consumer, from {@link BandwidthEstimator}. */
    public void setBandwidthEstimate(long bps) {
        this.estimateBps = Math.max(0, bps);
    }

    /** The producer's received bitrate per layer (lowest first), from its {@link RtpStats}. */
    public void setLayerBitrates(long... bps) {
        this.layerBitrates = bps.clone();
    }

    /** The consumer's preferred highest layer. */
    public int maxLayer() {
        return maxLayer;
    }

    /** The bitrate of {@code layer} as last given, 0 when not known. */
    public long layerBitrate(int layer) {
        return layer < 0 || layer >= MAX_LAYERS ? 0 : bitrate(layer);
    }

    /** True when the layer is being received (seen, and its bitrate, when known, above zero). */
    public boolean isLayerActive(int layer) {
        return layer >= 0 && layer < MAX_LAYERS && active(layer);
    }

    /** Told the new layer at each switch (for stats and events). */
    public void onSwitch(IntConsumer listener) {
        this.onSwitch = listener == null ? layer -> { } : listener;
    }

    /** The layer being forwarded, -1 before the first keyframe or while paused. */
    public int currentLayer() {
        return paused ? -1 : current;
    }

    /** The layer wanted now, -1 while paused or before any layer was seen. */
    public int targetLayer() {
        if (paused) {
            return -1;
        }
        int top = Math.min(maxLayer, MAX_LAYERS - 1);
        int lowestActive = -1;
        for (int l = 0; l <= top; l++) {
            if (active(l)) {
                lowestActive = l;
                break;
            }
        }
        for (int l = top; l >= 0; l--) {
            if (active(l) && bitrate(l) <= estimateBps) {
                return l;
            }
        }
        return lowestActive;
    }

    private boolean active(int layer) {
        if (!seen[layer]) {
            return false;
        }
        return layerBitrates == null || layer >= layerBitrates.length || layerBitrates[layer] > 0;
    }

    private long bitrate(int layer) {
        return layerBitrates == null || layer >= layerBitrates.length ? 0 : layerBitrates[layer];
    }

    @Override
    protected boolean accept(PacketInfo info) {
        RtpPacket p = info.rtp();
        int layer = Math.max(0, info.layer());
        if (layer >= MAX_LAYERS) {
            return false;
        }
        ssrcByLayer[layer] = p.ssrc();
        seen[layer] = true;
        if (paused) {
            return false;
        }
        int target = targetLayer();
        if (target == current) {
            return layer == current;
        }
        if (layer == target && codec.isKeyframe(p)) {
            current = target;
            switches++;
            onSwitch.accept(current);
            return true;
        }
        if (target >= 0 && !info.isRetransmission()) {
            keyframeRequests++;
            keyframeRequest.accept(ssrcByLayer[target]);
        }
        return layer == current;
    }

    @Override
    protected String extraStats() {
        return "current=" + currentLayer() + " target=" + targetLayer() + " switches=" + switches
            + " keyframeRequests=" + keyframeRequests + " bitrates=" + Arrays.toString(layerBitrates)
            + " estimate=" + (estimateBps == Long.MAX_VALUE ? "none" : estimateBps);
    }
}
