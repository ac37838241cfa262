package io.sanke.media.pipeline;

import io.sanke.media.rtp.MalformedPacketException;
import io.sanke.media.rtp.Packet;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.rtp.Vp8Descriptor;

/**
 * A packet on its way through a pipeline, with what the nodes learned about it. The
 * transport creates one per datagram ({@code new PacketInfo(new Packet(buf, off, len),
 * clockMicros)}) and hands it to the head of the receive chain; {@link RtpParser}
 * replaces the raw packet with an {@link RtpPacket} over the same bytes; later nodes
 * add the simulcast layer, the audio level and whether it was a retransmission.
 *
 * <p>Not thread-safe: one pipeline thread owns it. When a producer's packet fans out to
 * several consumers, each consumer's send chain gets its own {@link #copy()}, because
 * the send chain rewrites and encrypts in place.
 */
public final class PacketInfo {
    private Packet packet;
    private final long receivedMicros;
    private int layer = -1;
    private int audioLevel = -1;
    private boolean voice;
    private boolean retransmission;
    private Vp8Descriptor vp8;
    private boolean vp8Parsed;

    /**
     * @param packet the bytes, raw or parsed
     * @param receivedMicros arrival time on the injected clock, in microseconds
     */
    public PacketInfo(Packet packet, long receivedMicros) {
        if (packet == null) {
            throw new IllegalArgumentException("packet is null");
        }
        this.packet = packet;
        this.receivedMicros = receivedMicros;
    }

    public Packet packet() {
        return packet;
    }

    public void setPacket(Packet packet) {
        if (packet == null) {
            throw new IllegalArgumentException("packet is null");
        }
        this.packet = packet;
        this.vp8Parsed = false;
        this.vp8 = null;
    }

    /**
     * The VP8 payload descriptor of this RTP packet, parsed at the first call and kept (the
     * consumers of one producer share it); null when the payload is empty or not a valid
     * descriptor. For VP8 streams only.
     */
    public Vp8Descriptor vp8() {
        if (!vp8Parsed) {
            vp8Parsed = true;
            RtpPacket p = rtp();
            if (p.payloadLength() > 0) {
                try {
                    vp8 = Vp8Descriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength());
                } catch (MalformedPacketException e) {
                    vp8 = null;
                }
            }
        }
        return vp8;
    }

    /** The packet as RTP; throws {@link IllegalStateException} before {@link RtpParser}. */
    public RtpPacket rtp() {
        if (packet instanceof RtpPacket rtp) {
            return rtp;
        }
        throw new IllegalStateException("packet not parsed as RTP yet");
    }

    public boolean isRtp() {
        return packet instanceof RtpPacket;
    }

    public long receivedMicros() {
        return receivedMicros;
    }

    /** Simulcast layer index (0 = lowest), -1 until {@link SimulcastDemux} sets it. */
    public int layer() {
        return layer;
    }

    public void setLayer(int layer) {
        this.layer = layer;
    }

    /** RFC 6464 level (0 loudest .. 127 silence) or -1 when the packet carried none. */
    public int audioLevel() {
        return audioLevel;
    }

    public boolean voice() {
        return voice;
    }

    public void setAudioLevel(int level, boolean voice) {
        this.audioLevel = level;
        this.voice = voice;
    }

    /** True when the packet arrived as RTX and {@link RtxUnwrapper} restored it. */
    public boolean isRetransmission() {
        return retransmission;
    }

    public void setRetransmission(boolean retransmission) {
        this.retransmission = retransmission;
    }

    /** A deep copy (bytes included) for one consumer's send chain. */
    public PacketInfo copy() {
        Packet p = packet instanceof RtpPacket rtp ? rtp.copy()
            : new Packet(packet.toByteArray(), 0, packet.length());
        PacketInfo c = new PacketInfo(p, receivedMicros);
        c.layer = layer;
        c.audioLevel = audioLevel;
        c.voice = voice;
        c.retransmission = retransmission;
        if (vp8Parsed && packet.offset() == 0) {
            // The copy starts at offset 0 too, so the descriptor's offsets hold for it.
            c.vp8 = vp8;
            c.vp8Parsed = true;
        }
        return c;
    }
}
