package io.sanke.media.rtp;

/**
 * The codecs the SFU forwards, with the one question the forwarding path asks of a
 * payload: is this packet part of a keyframe? Opus has nothing but its payload type.
 *
 * <p>Wiring: a producer knows its codec from SDP (payload type → codec); the send chain
 * asks {@code codec.isKeyframe(packet)} when it waits to switch layers.
 */
public enum Codec {
    OPUS(false, 48_000),
    VP8(true, 90_000),
    H264(true, 90_000);

    private final boolean video;
    private final int clockRate;

    Codec(boolean video, int clockRate) {
        this.video = video;
        this.clockRate = clockRate;
    }

    public boolean isVideo() {
        return video;
    }

    public int clockRate() {
        return clockRate;
    }

    /** True when the packet belongs to a keyframe; false for audio and for malformed payloads. */
    public boolean isKeyframe(RtpPacket p) {
        try {
            return switch (this) {
                case OPUS -> false;
                case VP8 -> p.payloadLength() > 0
                    && Vp8Descriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength()).keyframe();
                case H264 -> p.payloadLength() > 0
                    && H264Payload.isKeyframe(p.buffer(), p.payloadOffset(), p.payloadLength());
            };
        } catch (MalformedPacketException e) {
            return false;
        }
    }
}
