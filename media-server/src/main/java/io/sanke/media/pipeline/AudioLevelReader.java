package io.sanke.media.pipeline;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtpPacket;

/**
 * Receive side: reads the ssrc-audio-level header extension (RFC 6464) of each audio
 * packet into {@link PacketInfo#audioLevel()} and tells a listener (the dominant speaker
 * detector). Passes every packet on; packets without the extension are counted as
 * {@code withoutLevel}. Does not decode audio.
 */
public final class AudioLevelReader extends ObserverNode {
    private final int extensionId;
    private final AudioLevelListener listener;
    private long withLevel;
    private long withoutLevel;

    /**
     * @param extensionId the negotiated id of {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}
     * @param listener told of every level read; may be null
     */
    public AudioLevelReader(int extensionId, AudioLevelListener listener) {
        super("AudioLevelReader");
        if (extensionId < 1 || extensionId > 255) {
            throw new IllegalArgumentException("bad extension id [id:" + extensionId + "]");
        }
        this.extensionId = extensionId;
        this.listener = listener;
    }

    @Override
    protected void observe(PacketInfo info) {
        RtpPacket p = info.rtp();
        HeaderExtensions.AudioLevel level = HeaderExtensions.audioLevel(p, extensionId);
        if (level == null) {
            withoutLevel++;
            return;
        }
        withLevel++;
        info.setAudioLevel(level.level(), level.voice());
        if (listener != null) {
            listener.onAudioLevel(p.ssrc(), level.level(), level.voice(), info.receivedMicros());
        }
    }

    @Override
    protected String extraStats() {
        return "withLevel=" + withLevel + " withoutLevel=" + withoutLevel;
    }
}
