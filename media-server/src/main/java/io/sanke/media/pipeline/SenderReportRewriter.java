package io.sanke.media.pipeline;

import io.sanke.media.rtp.RtcpPacket.SenderReport;
import java.util.List;
import java.util.Optional;

/**
 * Relays a producer's sender reports to one consumer so that lip sync holds: the SR keeps
 * the producer's NTP time and gets the consumer's SSRC, the RTP timestamp mapped through
 * the consumer's {@link RtpRewriter} offsets, and the consumer's own packet and octet
 * counts. Reports of a source the consumer is not receiving (another simulcast layer)
 * are not relayed, and report blocks (about what the producer received) are dropped.
 *
 * <p>Wiring: one per consumer, beside its send chain; the transport passes each SR the
 * producer sends and, when the result is present, protects and sends it to the consumer
 * (and records it with {@link RtpStats#onSenderReportSent} for RTT).
 */
public final class SenderReportRewriter {
    private final RtpRewriter rewriter;
    private long rewritten;
    private long suppressed;

    public SenderReportRewriter(RtpRewriter rewriter) {
        this.rewriter = rewriter;
    }

    public Optional<SenderReport> rewrite(SenderReport producerSr) {
        long ts = rewriter.mapTimestamp(producerSr.ssrc(), producerSr.rtpTimestamp());
        if (ts < 0) {
            suppressed++;
            return Optional.empty();
        }
        rewritten++;
        return Optional.of(new SenderReport(rewriter.ssrc(), producerSr.ntpTimestamp(), ts,
            rewriter.packetsSent() & 0xFFFFFFFFL, rewriter.payloadOctetsSent() & 0xFFFFFFFFL, List.of()));
    }

    public long rewritten() {
        return rewritten;
    }

    public long suppressed() {
        return suppressed;
    }
}
