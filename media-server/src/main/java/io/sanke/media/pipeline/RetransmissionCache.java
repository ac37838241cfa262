package io.sanke.media.pipeline;

import io.sanke.media.rtp.RtcpPacket.Nack;
import io.sanke.media.rtp.RtpPacket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Send side, after {@link RtpRewriter} and before encryption: keeps a copy of the last
 * packets of each SSRC exactly as sent (at most {@code maxPackets} and {@code maxAge} per
 * SSRC) and answers a consumer's NACK with them. When RTX is negotiated for the SSRC
 * ({@link #setRtx}) the answer is an RTX packet (RFC 4588 §4): the RTX SSRC and payload
 * type, the RTX stream's own sequence number, the original timestamp, marker and header
 * extensions, and the payload prefixed with the original sequence number (OSN); without
 * RTX the original packet is sent again. Counts hits, misses (evicted or never sent) and
 * too-old packets.
 *
 * <p>Wiring: an observer in each consumer's send chain; the transport routes the
 * consumer's NACKs to {@link #answer(Nack)} and sends what it returns through SRTP.
 * Does not throttle repeated NACKs for one packet beyond what the cache holds.
 */
public final class RetransmissionCache extends ObserverNode {
    /**
     * @param maxPackets packets kept per SSRC (rounded up to a power of two)
     * @param maxAge the oldest packet worth resending
     */
    public record Config(int maxPackets, Duration maxAge) {
        public static final Config DEFAULT = new Config(1024, Duration.ofMillis(1000));

        public Config {
            if (maxPackets < 1 || maxPackets > 32768 || maxAge.isNegative()) {
                throw new IllegalArgumentException("bad retransmission cache config [maxPackets:" + maxPackets + "]");
            }
        }
    }

    /** Slots indexed by seq mod size; each slot's buffer is reused, so a steady stream allocates no arrays. */
    private static final class Ring {
        final long ssrc;
        final byte[][] buffers;
        final int[] lengths;
        final int[] seqs;
        final long[] sentMillis;

        Ring(long ssrc, int size) {
            this.ssrc = ssrc;
            buffers = new byte[size][];
            lengths = new int[size];
            seqs = new int[size];
            java.util.Arrays.fill(seqs, -1);
            sentMillis = new long[size];
        }
    }

    private static final int SLOT_BYTES = 1500 + RtpPacket.TAIL_ROOM;

    private record Rtx(long ssrc, int payloadType) {
    }

    private final Clock clock;
    private final Config config;
    private final int size;
    private final Map<Long, Ring> rings = new HashMap<>();
    private final Map<Long, Rtx> rtxBySsrc = new HashMap<>();
    private final Map<Long, Integer> rtxSeq = new HashMap<>();
    private Ring last;
    private long hits;
    private long misses;
    private long tooOld;

    public RetransmissionCache(Clock clock, Config config) {
        super("RetransmissionCache");
        this.clock = clock;
        this.config = config;
        this.size = Integer.highestOneBit(config.maxPackets() - 1 == 0 ? 1 : config.maxPackets() - 1) << 1;
    }

    /**
     * Answers NACKs for {@code mediaSsrc} with RTX on {@code rtxSsrc} / {@code rtxPayloadType},
     * its sequence numbers starting at {@code firstRtxSeq}.
     */
    public void setRtx(long mediaSsrc, long rtxSsrc, int rtxPayloadType, int firstRtxSeq) {
        rtxBySsrc.put(mediaSsrc, new Rtx(rtxSsrc, rtxPayloadType));
        rtxSeq.put(rtxSsrc, firstRtxSeq & 0xFFFF);
    }

    @Override
    protected void observe(PacketInfo info) {
        RtpPacket p = info.rtp();
        long ssrc = p.ssrc();
        Ring r = last;
        if (r == null || r.ssrc != ssrc) {
            r = rings.get(ssrc);
            if (r == null) {
                r = new Ring(ssrc, size);
                rings.put(ssrc, r);
            }
            last = r;
        }
        int seq = p.sequenceNumber();
        int i = seq & (size - 1);
        byte[] buf = r.buffers[i];
        if (buf == null || buf.length < p.length()) {
            buf = new byte[Math.max(SLOT_BYTES, p.length())];
            r.buffers[i] = buf;
        }
        System.arraycopy(p.buffer(), p.offset(), buf, 0, p.length());
        r.lengths[i] = p.length();
        r.seqs[i] = seq;
        r.sentMillis[i] = clock.millis();
    }

    /** The packets to send back for {@code nack}, in the order asked; missing ones are skipped. */
    public List<RtpPacket> answer(Nack nack) {
        List<RtpPacket> out = new ArrayList<>(nack.lostSequenceNumbers().size());
        Ring r = rings.get(nack.mediaSsrc());
        long now = clock.millis();
        for (int seq : nack.lostSequenceNumbers()) {
            int i = seq & (size - 1);
            if (r == null || r.seqs[i] != seq) {
                misses++;
                continue;
            }
            RtpPacket cached = RtpPacket.parse(r.buffers[i], 0, r.lengths[i]);
            if (now - r.sentMillis[i] > config.maxAge().toMillis()) {
                tooOld++;
                continue;
            }
            hits++;
            Rtx rtx = rtxBySsrc.get(nack.mediaSsrc());
            out.add(rtx == null ? cached.copy() : toRtx(cached, rtx));
        }
        return out;
    }

    private RtpPacket toRtx(RtpPacket original, Rtx rtx) {
        int seq = rtxSeq.merge(rtx.ssrc(), 1, (a, b) -> (a + b) & 0xFFFF);
        int rtxSeqNo = (seq - 1) & 0xFFFF;
        byte[] src = original.buffer();
        int header = original.headerLength();
        int payload = original.payloadLength();
        int length = header + 2 + payload;
        byte[] b = new byte[length + RtpPacket.TAIL_ROOM];
        System.arraycopy(src, original.offset(), b, 0, header);
        b[0] = (byte) (b[0] & ~0x20);
        b[header] = (byte) (original.sequenceNumber() >>> 8);
        b[header + 1] = (byte) original.sequenceNumber();
        System.arraycopy(src, original.payloadOffset(), b, header + 2, payload);
        RtpPacket p = RtpPacket.parse(b, 0, length);
        p.setSsrc(rtx.ssrc());
        p.setPayloadType(rtx.payloadType());
        p.setSequenceNumber(rtxSeqNo);
        return p;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    @Override
    protected String extraStats() {
        return "hits=" + hits + " misses=" + misses + " tooOld=" + tooOld;
    }
}
