package io.sanke.media.pipeline;

import io.sanke.media.rtp.NtpTime;
import io.sanke.media.rtp.RtcpPacket.ReceiverReport;
import io.sanke.media.rtp.RtcpPacket.ReportBlock;
import io.sanke.media.rtp.RtcpPacket.SenderReport;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.rtp.RtpSeq;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Per-SSRC statistics of the packets passing by, as RFC 3550 Appendix A.1/A.3/A.8 define
 * them: packets, bytes, bitrate over the last second, packets lost (expected minus
 * received, from the extended highest sequence number), interarrival jitter, and on the
 * sending side the RTT from the report blocks that echo our sender reports (LSR/DLSR).
 * It also makes the report blocks of the receiver reports the SFU sends upstream
 * ({@link #reportBlocks()}).
 *
 * <p>Wiring: an observer at the end of a receive chain (what producers send) and of a
 * send chain (what consumers get). The transport calls {@link #onSenderReportReceived}
 * for SRs from the peer, {@link #onSenderReportSent} for SRs it sends, and
 * {@link #onReportBlock} for report blocks it receives. Time comes from the injected
 * clock; packet arrival times from {@link PacketInfo#receivedMicros()}.
 */
public final class RtpStats extends ObserverNode {
    private static final long WINDOW_MILLIS = 1000;
    private static final int BUCKETS = 10;

    /**
     * A snapshot of one SSRC.
     *
     * @param lossFraction lost / expected over the whole stream, 0..1
     * @param jitterMillis interarrival jitter in milliseconds (0 without a clock rate)
     * @param rttMillis RTT from the last report block, -1 unknown
     */
    public record StreamStats(long ssrc, long packets, long bytes, long bitrateBps, long lost, double lossFraction,
                              double jitterMillis, long rttMillis, int layer) {
    }

    private static final class Stream {
        final long ssrc;
        long packets;
        long bytes;
        int baseSeq;
        int maxSeq;
        long cycles;
        long expectedPrior;
        long receivedPrior;
        double jitter;
        long lastTransit = Long.MIN_VALUE;
        int clockRate;
        final long[] bucketBytes = new long[BUCKETS];
        final long[] bucketStart = new long[BUCKETS];
        long lastSrCompact;
        long lastSrMillis = -1;
        long rttMillis = -1;
        int layer = -1;

        Stream(long ssrc, int seq) {
            this.ssrc = ssrc;
            this.baseSeq = seq;
            this.maxSeq = seq;
        }

        long extendedMax() {
            return cycles + maxSeq;
        }

        long expected() {
            return extendedMax() - baseSeq + 1;
        }

        long lost() {
            return expected() - packets;
        }
    }

    private final Clock clock;
    private final IntUnaryOperator clockRateOfPt;
    private final long localSsrc;
    private final Map<Long, Stream> streams = new LinkedHashMap<>();
    /** The stream of the previous packet: most packets belong to it, and the lookup boxes its key. */
    private Stream last;
    private final Map<Long, Long> srSentMillisByCompactNtp = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > 64;
        }
    };

    /**
     * @param name node name ("rx" / "tx" part of the chain it sits in)
     * @param clockRateOfPt RTP clock rate of a payload type, 0 when unknown (no jitter then)
     * @param localSsrc the SSRC written into receiver reports made by {@link #receiverReport}
     */
    public RtpStats(String name, Clock clock, IntUnaryOperator clockRateOfPt, long localSsrc) {
        super(name);
        this.clock = clock;
        this.clockRateOfPt = clockRateOfPt;
        this.localSsrc = localSsrc;
    }

    @Override
    protected void observe(PacketInfo info) {
        RtpPacket p = info.rtp();
        int seq = p.sequenceNumber();
        long ssrc = p.ssrc();
        Stream s = last != null && last.ssrc == ssrc ? last : streams.get(ssrc);
        if (s == null) {
            s = new Stream(ssrc, seq);
            streams.put(ssrc, s);
        }
        last = s;
        if (s.packets > 0) {
            int d = RtpSeq.delta(seq, s.maxSeq);
            if (d > 0) {
                if (seq < s.maxSeq) {
                    s.cycles += 65536;
                }
                s.maxSeq = seq;
            }
        }
        s.packets++;
        s.bytes += p.length();
        s.layer = info.layer();
        long now = clock.millis();
        int b = (int) ((now / (WINDOW_MILLIS / BUCKETS)) % BUCKETS);
        long start = now - now % (WINDOW_MILLIS / BUCKETS);
        if (s.bucketStart[b] != start) {
            s.bucketStart[b] = start;
            s.bucketBytes[b] = 0;
        }
        s.bucketBytes[b] += p.length();
        int rate = clockRateOfPt.applyAsInt(p.payloadType());
        if (rate > 0 && !info.isRetransmission()) {
            if (rate != s.clockRate) {
                s.clockRate = rate;
                s.lastTransit = Long.MIN_VALUE;
            }
            long arrival = Math.floorDiv(info.receivedMicros() * rate, 1_000_000L);
            long transit = arrival - p.timestamp();
            if (s.lastTransit != Long.MIN_VALUE) {
                // Transit times differ by the 32-bit wrap when the timestamp wraps; keep the short way round.
                long d = (int) (transit - s.lastTransit);
                s.jitter += (Math.abs(d) - s.jitter) / 16.0;
            }
            s.lastTransit = transit;
        }
    }

    /** The sender report of a peer's SSRC arrived: remembered for LSR/DLSR in our reports. */
    public void onSenderReportReceived(SenderReport sr) {
        Stream s = streams.get(sr.ssrc());
        if (s != null) {
            s.lastSrCompact = sr.compactNtp();
            s.lastSrMillis = clock.millis();
        }
    }

    /** We sent an SR carrying {@code compactNtp} (for RTT when a report block echoes it). */
    public void onSenderReportSent(long compactNtp) {
        srSentMillisByCompactNtp.put(compactNtp, clock.millis());
    }

    /** A report block about one of our SSRCs arrived: RTT = now - sent(LSR) - DLSR. */
    public void onReportBlock(ReportBlock rb) {
        Stream s = streams.get(rb.ssrc());
        Long sent = srSentMillisByCompactNtp.get(rb.lastSr());
        if (s == null || sent == null || rb.lastSr() == 0) {
            return;
        }
        s.rttMillis = Math.max(0, clock.millis() - sent - NtpTime.dlsrToMillis(rb.delaySinceLastSr()));
    }

    /** Report blocks for every SSRC seen; the fraction lost counts since the previous call. */
    public List<ReportBlock> reportBlocks() {
        List<ReportBlock> out = new ArrayList<>();
        long now = clock.millis();
        for (Stream s : streams.values()) {
            long expected = s.expected();
            long expectedInterval = expected - s.expectedPrior;
            long receivedInterval = s.packets - s.receivedPrior;
            s.expectedPrior = expected;
            s.receivedPrior = s.packets;
            long lostInterval = expectedInterval - receivedInterval;
            int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
            long cumulative = Math.max(-0x800000, Math.min(0x7FFFFF, s.lost()));
            long dlsr = s.lastSrMillis < 0 ? 0 : NtpTime.millisToDlsr(now - s.lastSrMillis);
            out.add(new ReportBlock(s.ssrc, Math.min(255, fraction), (int) cumulative, s.extendedMax() & 0xFFFFFFFFL,
                (long) s.jitter & 0xFFFFFFFFL, s.lastSrMillis < 0 ? 0 : s.lastSrCompact, dlsr));
        }
        return out;
    }

    /** A receiver report from {@code localSsrc} with {@link #reportBlocks()} (at most 31). */
    public ReceiverReport receiverReport() {
        List<ReportBlock> blocks = reportBlocks();
        return new ReceiverReport(localSsrc,
            blocks.size() > 31 ? blocks.subList(0, 31) : blocks);
    }

    /** A snapshot of {@code ssrc}, or null when never seen. */
    public StreamStats stream(long ssrc) {
        Stream s = streams.get(ssrc);
        return s == null ? null : snapshot(s);
    }

    public List<StreamStats> streams() {
        return streams.values().stream().map(this::snapshot).toList();
    }

    /** The bitrate per simulcast layer (index = layer) over the last second, for {@link LayerSelector}. */
    public long[] bitrateByLayer(int layers) {
        long[] out = new long[layers];
        for (Stream s : streams.values()) {
            if (s.layer >= 0 && s.layer < layers) {
                out[s.layer] += bitrate(s);
            }
        }
        return out;
    }

    private StreamStats snapshot(Stream s) {
        long expected = s.expected();
        long lost = Math.max(0, s.lost());
        double fraction = expected <= 0 ? 0 : (double) lost / expected;
        double jitterMillis = s.clockRate == 0 ? 0 : s.jitter * 1000.0 / s.clockRate;
        return new StreamStats(s.ssrc, s.packets, s.bytes, bitrate(s), lost, fraction, jitterMillis, s.rttMillis,
            s.layer);
    }

    private long bitrate(Stream s) {
        long now = clock.millis();
        long oldest = now - now % (WINDOW_MILLIS / BUCKETS) - WINDOW_MILLIS + WINDOW_MILLIS / BUCKETS;
        long bytes = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (s.bucketStart[i] >= oldest && s.bucketStart[i] <= now) {
                bytes += s.bucketBytes[i];
            }
        }
        return bytes * 8 * 1000 / WINDOW_MILLIS;
    }

    @Override
    protected String extraStats() {
        return "streams=" + streams.size();
    }
}
