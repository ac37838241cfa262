package io.sanke.media.pipeline;

import io.sanke.media.rtp.MalformedPacketException;
import io.sanke.media.rtp.Packet;
import io.sanke.media.rtp.RtpPacket;

/**
 * Receive side, first node: turns the decrypted datagram into an {@link RtpPacket} over
 * the same bytes. Drops and counts ({@code malformed}) anything that is not valid RTP;
 * strips RTP padding and drops padding-only packets (bandwidth probes) as
 * {@code paddingOnly}. Does not decrypt and does not look at RTCP (the transport
 * separates RTCP first, RFC 5761).
 */
public final class RtpParser extends TransformerNode {
    private long malformed;
    private long paddingOnly;

    public RtpParser() {
        super("RtpParser");
    }

    @Override
    protected PacketInfo transform(PacketInfo info) {
        Packet p = info.packet();
        RtpPacket rtp;
        if (p instanceof RtpPacket already) {
            rtp = already;
        } else {
            try {
                rtp = RtpPacket.parse(p.buffer(), p.offset(), p.length());
            } catch (MalformedPacketException e) {
                malformed++;
                return null;
            }
        }
        if (rtp.hasPadding()) {
            rtp.removePadding();
            if (rtp.payloadLength() == 0) {
                paddingOnly++;
                return null;
            }
        }
        info.setPacket(rtp);
        return info;
    }

    public long malformed() {
        return malformed;
    }

    public long paddingOnly() {
        return paddingOnly;
    }

    @Override
    protected String extraStats() {
        return "malformed=" + malformed + " paddingOnly=" + paddingOnly;
    }
}
