package io.sanke.media.pipeline;

/**
 * Receives RFC 6464 audio levels as {@link AudioLevelReader} finds them; implemented by
 * {@link DominantSpeakerDetector}.
 */
@FunctionalInterface
public interface AudioLevelListener {
    /**
     * @param ssrc the audio stream
     * @param level -dBov, 0 loudest .. 127 silence
     * @param voice the sender's voice activity flag
     * @param atMicros arrival time on the injected clock
     */
    void onAudioLevel(long ssrc, int level, boolean voice, long atMicros);
}
