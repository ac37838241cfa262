package io.sanke.media.pipeline;

import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.rtp.RtpSeq;
import io.sanke.media.rtp.Vp8Descriptor;
import java.time.Clock;

/**
 * Send side, after {@link LayerSelector} (and {@link TemporalLayerFilter}): gives a consumer
 * one continuous stream whatever layer it comes from. Writes, in place, the consumer's SSRC,
 * and sequence numbers and timestamps offset so that:
 * <ul>
 *   <li>within one source (one simulcast SSRC) the offsets stay fixed, so a loss upstream
 *       stays a gap the consumer can NACK, and a late retransmission lands on its own
 *       number;</li>
 *   <li>a packet the SFU drops on purpose (a temporal layer above the consumer's cap) is
 *       announced with {@link #skip}: the sequence numbers after it move down by one, and the
 *       VP8 picture ids after a skipped picture by one, so the receiver sees neither a
 *       sequence gap nor a missing picture; a late packet gets the offset that was in force
 *       at its place in the stream (a {@link SkipLog} of the skipped numbers);</li>
 *   <li>at a switch to another source the first packet gets the last sequence number + 1
 *       and a timestamp advanced by the wall time since the last packet (at least 1 tick),
 *       and for VP8 the picture id and TL0PICIDX continue at last + 1;</li>
 *   <li>packets of the new source older than the switch point are dropped
 *       ({@code beforeSwitch}), they would collide with numbers already sent; so are late
 *       packets older than the skip log reaches back ({@code tooLate}).</li>
 * </ul>
 * A packet skipped after later packets were already numbered (it arrived late, e.g. repaired
 * upstream) cannot be closed over: its number stays a gap at the receiver ({@code gapsKept}).
 * TL0PICIDX needs no shifting: pictures of temporal layer 0 are never skipped.
 * Does not choose layers and does not copy: the packet must be this consumer's own copy.
 * {@link #mapTimestamp} lets {@link SenderReportRewriter} follow the same offsets.
 */
public final class RtpRewriter extends TransformerNode {
    private static final int SWITCH_HORIZON = 8192;
    private static final int SKIPPED_SEQS = 1024;
    private static final int SKIPPED_PICTURES = 256;
    /** The most missing packets closed over at once (a dropped picture is rarely longer). */
    private static final int MAX_CLOSED_GAP = 128;
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
    // The newest packet of the source seen (forwarded or skipped), to close over losses inside dropped pictures.
    private int newestSeq;
    private boolean newestSkipped;
    private int newestPacketPid = -1;
    private boolean newestEndsFrame;
    private final SkipLog skippedSeqs = new SkipLog(SKIPPED_SEQS);
    private boolean pidPending;
    private int pidOffset;
    private int pidModulus;
    private int newestPid;
    private int lastPid = -1;
    private final SkipLog skippedPids = new SkipLog(SKIPPED_PICTURES);
    private boolean tl0Pending;
    private int tl0Offset;
    private int lastTl0 = -1;
    private long packetsSent;
    private long payloadOctetsSent;
    private long sourceSwitches;
    private long beforeSwitch;
    private long skippedPackets;
    private long skippedPictures;
    private long lossesClosed;
    private long gapsKept;
    private long tooLate;

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
        Vp8Descriptor d = codec == Codec.VP8 ? info.vp8() : null;
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
            newestSeq = RtpSeq.add(seq, -1);
            newestSkipped = false;
            newestPacketPid = -1;
            skippedSeqs.clear(0x10000);
            pidPending = true;
            tl0Pending = true;
            sourceSwitches++;
        } else if (RtpSeq.isNewer(switchSeq, seq)) {
            beforeSwitch++;
            return null;
        }
        boolean newest = RtpSeq.isNewer(seq, newestSeq);
        int offset = seqOffset;
        if (newest) {
            // Lost right after a dropped picture, before the start of the next one: the dropped picture's tail.
            if (newestSkipped && d != null && d.startOfFrame() && nextPicture(d.pictureId(), newestPacketPid)) {
                closeOver(seq);
                offset = seqOffset;
            }
        } else {
            int later = skippedSeqs.countNewerThan(seq);
            if (later < 0) {
                tooLate++;
                return null;
            }
            offset += later;
        }
        int outSeq = RtpSeq.add(seq, offset);
        long outTs = RtpSeq.addTimestamp(ts, tsOffset);
        if (d != null && !rewriteVp8(p, d, newest)) {
            tooLate++;
            return null;
        }
        if (newest) {
            advanceNewest(seq, false, d == null ? -1 : d.pictureId());
            newestEndsFrame = p.marker();
            lastSeq = outSeq;
            if (!started || RtpSeq.timestampDelta(outTs, lastTs) > 0) {
                lastTs = outTs;
                lastMillis = now;
            }
            started = true;
        }
        p.setSsrc(ssrc);
        p.setSequenceNumber(outSeq);
        p.setTimestamp(outTs);
        packetsSent++;
        payloadOctetsSent += p.payloadLength();
        return info;
    }

    private void advanceNewest(int seq, boolean skipped, int pictureId) {
        newestSeq = seq;
        newestSkipped = skipped;
        newestPacketPid = pictureId;
        if (RtpSeq.delta(seq, switchSeq) > SWITCH_HORIZON) {
            switchSeq = RtpSeq.add(seq, -SWITCH_HORIZON); // keep the guard within half the seq space
        }
    }

    /** True when picture {@code pid} comes right after {@code previous} (both known). */
    private boolean nextPicture(int pid, int previous) {
        return pid >= 0 && previous >= 0 && !pidPending && Math.floorMod(pid - previous, pidModulus) == 1;
    }

    /** The packets missing between the newest and {@code seq} belong to dropped pictures: close over them too. */
    private void closeOver(int seq) {
        int gap = RtpSeq.delta(seq, newestSeq) - 1;
        if (gap <= 0 || gap > MAX_CLOSED_GAP) {
            return;
        }
        for (int i = 1; i <= gap; i++) {
            skippedSeqs.add(RtpSeq.add(newestSeq, i));
        }
        seqOffset = (seqOffset - gap) & 0xFFFF;
        lossesClosed += gap;
    }

    /**
     * A packet of {@code sourceSsrc} that is deliberately not forwarded (it never reaches
     * {@link #transform}): the numbers after it close up. {@code pictureId} is its VP8 picture
     * id, -1 without one; the first skipped packet of a picture newer than any seen skips the
     * picture. Packets lost upstream between it and the newest packet are closed over too when
     * they can only belong to dropped pictures: the newest was skipped and of the same or the
     * previous picture, or it ended the previous picture. Packets of another source than the
     * one forwarded, or before the switch to it, are ignored.
     */
    public void skip(long sourceSsrc, int seq, int pictureId) {
        if (!started || (sourceSsrc & 0xFFFFFFFFL) != source || !RtpSeq.isNewer(seq, switchSeq)) {
            return;
        }
        if (RtpSeq.isNewer(seq, newestSeq)) {
            boolean sameOrNext = pictureId >= 0 && newestPacketPid >= 0
                && (pictureId == newestPacketPid || nextPicture(pictureId, newestPacketPid));
            if (sameOrNext && (newestSkipped || (newestEndsFrame && pictureId != newestPacketPid))) {
                closeOver(seq);
            }
            advanceNewest(seq, true, pictureId);
            seqOffset = (seqOffset - 1) & 0xFFFF;
            skippedSeqs.add(seq);
            skippedPackets++;
        } else if (!skippedSeqs.contains(seq)) {
            gapsKept++;
        }
        if (pictureId >= 0 && !pidPending && newerPid(pictureId, newestPid)) {
            newestPid = pictureId;
            pidOffset--;
            skippedPids.add(pictureId);
            skippedPictures++;
        }
    }

    private boolean newerPid(int a, int b) {
        int d = Math.floorMod(a - b, pidModulus);
        return d != 0 && d < pidModulus / 2;
    }

    /** Rewrites picture id and TL0PICIDX; false when the picture id of a late packet is no longer known. */
    private boolean rewriteVp8(RtpPacket p, Vp8Descriptor d, boolean newest) {
        if (d.pictureId() >= 0) {
            int pid = d.pictureId();
            if (pidPending) {
                pidOffset = lastPid < 0 ? 0 : (lastPid + 1 - pid);
                pidModulus = d.pictureIdModulus();
                newestPid = Math.floorMod(pid - 1, pidModulus);
                skippedPids.clear(pidModulus);
                pidPending = false;
            }
            int offset = pidOffset;
            if (newerPid(pid, newestPid)) {
                if (newest) {
                    newestPid = pid;
                }
            } else {
                int later = skippedPids.countNewerThan(pid);
                if (later < 0) {
                    return false;
                }
                offset += later;
            }
            int out = Math.floorMod(pid + offset, d.pictureIdModulus());
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
        return true;
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

    /** Packets announced by {@link #skip} whose numbers were closed over. */
    public long skippedPackets() {
        return skippedPackets;
    }

    /** Skipped packets that came too late to close over: their numbers stay gaps. */
    public long gapsKept() {
        return gapsKept;
    }

    @Override
    protected String extraStats() {
        return "sourceSwitches=" + sourceSwitches + " beforeSwitch=" + beforeSwitch + " skippedPackets="
            + skippedPackets + " skippedPictures=" + skippedPictures + " lossesClosed=" + lossesClosed + " gapsKept=" + gapsKept + " tooLate=" + tooLate;
    }
}
