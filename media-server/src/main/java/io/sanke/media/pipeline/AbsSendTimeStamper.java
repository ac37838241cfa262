package io.sanke.media.pipeline;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtpPacket;
import java.time.Clock;
import java.time.Instant;

/**
 * Send side, per consumer of a WebRTC transport, after {@link HeaderExtensionRewriter}:
 * overwrites the abs-send-time element (24-bit seconds in 6.18 fixed point, modulo 64 s) with
 * the SFU's own send time. Forwarded as published, the value would be the publisher's clock,
 * and the receiver's delay-based estimate would measure the publisher's uplink and the SFU's
 * queueing instead of the path it is estimating, from the SFU to itself.
 *
 * <p>Looks for the element under the id the receiver negotiated ({@link #setExtensionId},
 * 0 = off); a packet without it passes unchanged ({@code absent}). Does not add the element
 * and does not touch any other. Works in place and allocates nothing per packet: an injected
 * test clock is read with {@link Clock#instant()}, the system clock as {@link System#nanoTime()}
 * (monotonic: a step of the wall clock would look like a delay jump to the receiver; only
 * differences of the value mean anything). Retransmissions from the cache go through
 * {@link #stamp} when they are sent again.
 */
public final class AbsSendTimeStamper extends TransformerNode {
    private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();
    private final Clock clock;
    private final boolean monotonic;
    private volatile int extensionId;
    private long stamped;
    private long absent;

    public AbsSendTimeStamper(Clock clock) {
        super("AbsSendTimeStamper");
        this.clock = clock;
        this.monotonic = clock.getClass() == SYSTEM_CLOCK;
    }

    /** The receiver's id for abs-send-time (1..255), or 0 when it did not negotiate it. */
    public void setExtensionId(int id) {
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("extension id out of range [id:" + id + "]");
        }
        this.extensionId = id;
    }

    public int extensionId() {
        return extensionId;
    }

    @Override
    protected PacketInfo transform(PacketInfo info) {
        stamp(info.rtp());
        return info;
    }

    /** Writes the send time of now into {@code p}; false when it carries no abs-send-time element. */
    public boolean stamp(RtpPacket p) {
        int id = extensionId;
        if (id == 0 || !p.hasExtension() || !HeaderExtensions.setAbsSendTime(p, id, absSendTimeNow())) {
            absent++;
            return false;
        }
        stamped++;
        return true;
    }

    /** Now, as abs-send-time. */
    int absSendTimeNow() {
        if (monotonic) {
            return HeaderExtensions.absSendTimeOf(System.nanoTime() / 1000);
        }
        Instant now = clock.instant();
        return HeaderExtensions.absSendTimeOf(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
    }

    public long stamped() {
        return stamped;
    }

    @Override
    protected String extraStats() {
        return "stamped=" + stamped + " absent=" + absent + " id=" + extensionId;
    }
}
