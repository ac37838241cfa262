package io.sanke.media.pipeline;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtpPacket;
import java.time.Clock;

/**
 * Send side, last node before encryption on a transport: numbers every outgoing packet
 * that carries the transport-wide-cc header extension with the transport's own sequence
 * (one space for all consumers of the transport, as the draft requires) and tells the
 * {@link BandwidthEstimator} when and how big it was sent. Packets without the extension
 * pass unchanged and are counted ({@code untagged}).
 *
 * <p>Wiring: one per transport, shared by the send chains of its consumers (those run on
 * the transport's thread).
 */
public final class TransportCcTagger extends ObserverNode {
    private final int extensionId;
    private final Clock clock;
    private final BandwidthEstimator estimator;
    private int nextSeq;
    private long untagged;

    public TransportCcTagger(int extensionId, Clock clock, BandwidthEstimator estimator) {
        super("TransportCcTagger");
        this.extensionId = extensionId;
        this.clock = clock;
        this.estimator = estimator;
    }

    @Override
    protected void observe(PacketInfo info) {
        RtpPacket p = info.rtp();
        int seq = nextSeq;
        if (!HeaderExtensions.setTransportCcSeq(p, extensionId, seq)) {
            untagged++;
            return;
        }
        nextSeq = (nextSeq + 1) & 0xFFFF;
        java.time.Instant now = clock.instant();
        estimator.onPacketSent(seq, now.getEpochSecond() * 1_000_000L + now.getNano() / 1000, p.length());
    }

    @Override
    protected String extraStats() {
        return "untagged=" + untagged + " nextSeq=" + nextSeq;
    }
}
