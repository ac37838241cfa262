package io.sanke.media.pipeline;

import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.MalformedPacketException;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.rtp.RtpSeq;
import io.sanke.media.rtp.Vp8Descriptor;
import java.time.Clock;

/**
 * Send side, after {@link LayerSelector}: gives a consumer one continuous stream whatever
 * layer it comes from. Writes, in place, the consumer's SSRC, and sequence numbers and
 * timestamps offset so that:
 * <ul>
 *   <li>within one source (one simulcast SSRC) the offsets stay fixed, so a loss upstream
 *       stays a gap the consumer can NACK, and a late retransmission lands on its own
 *       number;</li>
 *   <li>at a switch to another source the first packet gets the last sequence number + 1
 *       and a timestamp advanced by the wall time since the last packet (at least 1 tick),
 *       and for VP8 the picture id and TL0PICIDX continue at last + 1;</li>
 *   <li>packets of the new source older than the switch point are dropped
 *       ({@code beforeSwitch}), they would collide with numbers already sent.</li>
 * </ul>
 * Does not choose layers and does not copy: the packet must be this consumer's own copy.
 * {@link #mapTimestamp} lets {@link SenderReportRewriter} follow the same offsets.
 */
public final class RtpRewriter extends TransformerNode {
    private static final int SWITCH_HORIZON = 8192;
    private final long ssrc;
    private final Codec codec;
    private final Clock clock;
    private long source = -1;
    private boolean started;
    private int seqOffset;
    private long tsOffset;
    private int switchSeq;
    private int lastSeq;
    private long lastTs;
    private long lastMillis;
    private boolean pidPending;
    private int pidOffset;
    private int lastPid = -1;
    private boolean tl0Pending;
    private int tl0Offset;
    private int lastTl0 = -1;
    private long packetsSent;
    private long payloadOctetsSent;
    private long sourceSwitches;
    private long beforeSwitch;

    /**
     * @param ssrc the SSRC this consumer sends with
     * @param codec the codec (VP8 adds picture id and TL0PICIDX rewriting)
     */
    public RtpRewriter(long ssrc, Codec codec, Clock clock) {
        super("RtpRewriter");
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.codec = codec;
        this.clock = clock;
    }

    public long ssrc() {
        return ssrc;
    }

    @Override
    protected PacketInfo transform(PacketInfo info) {
        RtpPacket p = info.rtp();
        int seq = p.sequenceNumber();
        long ts = p.timestamp();
        long now = clock.millis();
        if (p.ssrc() != source) {
            if (started) {
                seqOffset = (RtpSeq.add(lastSeq, 1) - seq) & 0xFFFF;
                long ticks = Math.max(1, (now - lastMillis) * codec.clockRate() / 1000);
                tsOffset = (lastTs + ticks - ts) & 0xFFFFFFFFL;
            } else {
                seqOffset = 0;
                tsOffset = 0;
            }
            source = p.ssrc();
            switchSeq = seq;
            pidPending = true;
            tl0Pending = true;
            sourceSwitches++;
        } else if (RtpSeq.isNewer(switchSeq, seq)) {
            beforeSwitch++;
            return null;
        }
        int outSeq = RtpSeq.add(seq, seqOffset);
        long outTs = RtpSeq.addTimestamp(ts, tsOffset);
        boolean newest = !started || RtpSeq.isNewer(outSeq, lastSeq);
        if (newest) {
            lastSeq = outSeq;
            if (RtpSeq.delta(seq, switchSeq) > SWITCH_HORIZON) {
                switchSeq = RtpSeq.add(seq, -SWITCH_HORIZON); // keep the guard within half the seq space
            }
            if (!started || RtpSeq.timestampDelta(outTs, lastTs) > 0) {
                lastTs = outTs;
                lastMillis = now;
            }
            started = true;
        }
        p.setSsrc(ssrc);
        p.setSequenceNumber(outSeq);
        p.setTimestamp(outTs);
        if (codec == Codec.VP8 && p.payloadLength() > 0) {
            rewriteVp8(p, newest);
        }
        packetsSent++;
        payloadOctetsSent += p.payloadLength();
        return info;
    }

    private void rewriteVp8(RtpPacket p, boolean newest) {
        Vp8Descriptor d;
        try {
            d = Vp8Descriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength());
        } catch (MalformedPacketException e) {
            return;
        }
        if (d.pictureId() >= 0) {
            if (pidPending) {
                pidOffset = lastPid < 0 ? 0 : (lastPid + 1 - d.pictureId());
                pidPending = false;
            }
            int out = Math.floorMod(d.pictureId() + pidOffset, d.pictureIdModulus());
            d.writePictureId(p.buffer(), out);
            if (newest) {
                lastPid = out;
            }
        }
        if (d.tl0PicIdx() >= 0) {
            if (tl0Pending) {
                tl0Offset = lastTl0 < 0 ? 0 : (lastTl0 + 1 - d.tl0PicIdx());
                tl0Pending = false;
            }
            int out = Math.floorMod(d.tl0PicIdx() + tl0Offset, 256);
            d.writeTl0PicIdx(p.buffer(), out);
            if (newest) {
                lastTl0 = out;
            }
        }
    }

    /**
     * The consumer's timestamp for a timestamp of {@code sourceSsrc}, or -1 when that
     * source is not the one being forwarded (its sender reports must not be relayed).
     */
    public long mapTimestamp(long sourceSsrc, long timestamp) {
        if (!started || sourceSsrc != source) {
            return -1;
        }
        return RtpSeq.addTimestamp(timestamp, tsOffset);
    }

    /** The SSRC of the source being forwarded, -1 before the first packet. */
    public long currentSource() {
        return source;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long payloadOctetsSent() {
        return payloadOctetsSent;
    }

    @Override
    protected String extraStats() {
        return "sourceSwitches=" + sourceSwitches + " beforeSwitch=" + beforeSwitch;
    }
}
