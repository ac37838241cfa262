package io.sanke.media.pipeline;

import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.rtp.Vp8Descriptor;
import java.util.Arrays;

/**
 * Send side, after {@link LayerSelector}, VP8 only: of the simulcast layer being forwarded
 * it lets through only the temporal layers up to the consumer's cap ({@link #setMaxLayer}):
 * packets whose TID is at most the cap in force, a packet without the T field counting as
 * TID 0. It reads the descriptor only; the copy for the consumer is made after it, so what it
 * drops is never copied.
 *
 * <p>The decision is taken per picture, at the first packet seen of a picture newer than any
 * before (by VP8 picture id), and kept for every packet of that picture, late ones too. The
 * cap in force (the <b>current</b> layer) moves towards the wanted one (the <b>target</b>) only
 * there, as libwebrtc's own SFU logic does:
 * <ul>
 *   <li>down at once, at the next picture;</li>
 *   <li>up to the target at a keyframe or at a picture of temporal layer 0 (TL0), after which
 *       the higher layers only reference pictures the receiver will have;</li>
 *   <li>up to layer t ≤ target at a layer-sync picture (Y bit) of layer t, which references
 *       only its TL0 picture.</li>
 * </ul>
 * Every dropped packet is told to {@code onDrop} with its source SSRC, sequence number and
 * picture id, so that {@link RtpRewriter#skip} closes the numbering over it: the receiver sees
 * neither a sequence gap nor a missing picture id. A picture lost whole upstream is never seen
 * and its layer is unknown, so its numbers stay free, a gap as a lost picture should be; when
 * its repair arrives it is forwarded whatever its TID: it fills that gap, which libwebrtc's
 * receiver would otherwise hold TL1/TL2 frames back for.
 *
 * <p>Does not touch other codecs (everything passes) and does not rewrite anything. State is
 * per source: a new simulcast SSRC (a spatial switch, at a keyframe) starts afresh.
 */
public final class TemporalLayerFilter extends FilterNode {
    /** VP8's TID has two bits. */
    public static final int MAX_LAYERS = 4;

    /** Told of every packet this filter drops. */
    @FunctionalInterface
    public interface DropListener {
        void dropped(long sourceSsrc, int seq, int pictureId);
    }

    private final Codec codec;
    private final DropListener onDrop;
    private final long[] droppedPictures = new long[0x8000 / 64];
    private int target = MAX_LAYERS - 1;
    private int current = -1;
    private long source = -1;
    private int newestPid = -1;
    private int highestSeen = -1;
    private long droppedPackets;
    private long droppedPictureCount;
    private long switchesUp;
    private long switchesDown;

    /**
     * @param codec the producer's codec; anything but VP8 passes untouched
     * @param onDrop told of each dropped packet, e.g. {@code rewriter::skip}
     */
    public TemporalLayerFilter(Codec codec, DropListener onDrop) {
        super("TemporalLayerFilter");
        this.codec = codec;
        this.onDrop = onDrop;
    }

    /** The consumer's temporal cap: the highest TID wanted (0 = base frame rate only). */
    public void setMaxLayer(int layer) {
        if (layer < 0 || layer >= MAX_LAYERS) {
            throw new IllegalArgumentException("temporal layer out of range [layer:" + layer + "]");
        }
        this.target = layer;
    }

    /** The temporal cap wanted. */
    public int maxLayer() {
        return target;
    }

    /**
     * The highest temporal layer being forwarded: the cap in force, but no higher than the
     * highest TID the source sends (0 for a stream without temporal layers); -1 before the
     * first packet.
     */
    public int currentLayer() {
        return current < 0 ? -1 : Math.min(current, Math.max(0, highestSeen));
    }

    /** The highest TID seen in the source being forwarded (-1 before the first packet). */
    public int highestLayerSeen() {
        return highestSeen;
    }

    public long droppedPackets() {
        return droppedPackets;
    }

    @Override
    protected boolean accept(PacketInfo info) {
        if (codec != Codec.VP8) {
            return true;
        }
        RtpPacket p = info.rtp();
        if (p.payloadLength() == 0) {
            return true;
        }
        Vp8Descriptor d = info.vp8();
        if (d == null) {
            return true; // not ours to judge: the rewriter leaves it alone too
        }
        if (p.ssrc() != source) {
            source = p.ssrc();
            newestPid = -1;
            highestSeen = -1;
            Arrays.fill(droppedPictures, 0);
        }
        int tid = Math.max(0, d.temporalLayer());
        highestSeen = Math.max(highestSeen, tid);
        int pid = d.pictureId();
        boolean forward;
        if (pid < 0) {
            // No picture id: no per-picture memory; decide at each frame start.
            if (current < 0 || d.startOfFrame()) {
                choose(d, tid);
            }
            forward = tid <= current;
        } else if (newestPid < 0 || newer(pid, newestPid, d.pictureIdModulus())) {
            forgetBetween(newestPid, pid, d.pictureIdModulus());
            newestPid = pid;
            choose(d, tid);
            forward = tid <= current;
            markDropped(pid, !forward);
            if (!forward) {
                droppedPictureCount++;
            }
        } else {
            forward = !isDropped(pid);
        }
        if (!forward) {
            droppedPackets++;
            onDrop.dropped(p.ssrc(), p.sequenceNumber(), pid);
        }
        return forward;
    }

    /** At the start of a new picture: moves the cap in force towards the target where that is safe. */
    private void choose(Vp8Descriptor d, int tid) {
        int before = current;
        if (current < 0 || d.keyframe() || tid == 0) {
            current = target;
        } else if (target < current) {
            current = target;
        } else if (target > current && tid > current && tid <= target && d.layerSync()) {
            current = tid;
        }
        if (before >= 0 && current > before) {
            switchesUp++;
        } else if (before >= 0 && current < before) {
            switchesDown++;
        }
    }

    private static boolean newer(int a, int b, int modulus) {
        int d = Math.floorMod(a - b, modulus);
        return d != 0 && d < modulus / 2;
    }

    /** Pictures never seen between the newest and {@code pid}: forget what they meant a wrap ago. */
    private void forgetBetween(int from, int to, int modulus) {
        if (from < 0) {
            return;
        }
        int gap = Math.floorMod(to - from, modulus);
        if (gap > 64) {
            Arrays.fill(droppedPictures, 0);
            return;
        }
        for (int i = 1; i < gap; i++) {
            markDropped(Math.floorMod(from + i, modulus), false);
        }
    }

    private void markDropped(int pid, boolean dropped) {
        int i = pid & 0x7FFF;
        if (dropped) {
            droppedPictures[i >>> 6] |= 1L << (i & 63);
        } else {
            droppedPictures[i >>> 6] &= ~(1L << (i & 63));
        }
    }

    private boolean isDropped(int pid) {
        int i = pid & 0x7FFF;
        return (droppedPictures[i >>> 6] & (1L << (i & 63))) != 0;
    }

    @Override
    protected String extraStats() {
        return "current=" + currentLayer() + " target=" + target + " highestSeen=" + highestSeen
            + " droppedPictures=" + droppedPictureCount + " droppedPackets=" + droppedPackets
            + " switchesUp=" + switchesUp + " switchesDown=" + switchesDown;
    }
}
