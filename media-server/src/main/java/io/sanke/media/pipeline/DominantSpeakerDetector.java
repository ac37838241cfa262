package io.sanke.media.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * Decides who is speaking in a router from the RFC 6464 audio levels of its audio
 * producers, and announces each change. Each level becomes an activity,
 * {@code max(0, silenceLevel - level)} (levels are -dBov, so louder is higher activity),
 * and a speaker's score is the mean activity over the last {@code window}. The loudest
 * speaker takes over only with hysteresis: its score must exceed the current dominant
 * speaker's by {@code switchRatio} and at least {@code minHold} must have passed since the
 * last change; a speaker below {@code minScore} never takes over. Short noises (a cough,
 * a chair) therefore do not steal the floor.
 *
 * <p>Wiring: one per router, the {@link AudioLevelListener} of the audio producers'
 * {@link AudioLevelReader}s (keyed by SSRC; the router maps SSRC to producer). Time comes
 * from the injected clock; {@link #evaluate()} may also be called from a timer so that a
 * speaker who goes quiet loses the floor even when no packets arrive. Not thread-safe.
 */
public final class DominantSpeakerDetector implements AudioLevelListener {
    /**
     * @param window how much history a score covers
     * @param silenceLevel levels at or above this (quieter) count as silence
     * @param minScore the least mean activity to become dominant
     * @param switchRatio how much louder a challenger must be
     * @param minHold the least time between two changes
     */
    public record Config(Duration window, int silenceLevel, double minScore, double switchRatio, Duration minHold) {
        public static final Config DEFAULT =
            new Config(Duration.ofMillis(1500), 80, 5.0, 1.5, Duration.ofMillis(1000));

        public Config {
            if (window.isNegative() || window.isZero() || silenceLevel < 1 || silenceLevel > 127 || minScore < 0
                || switchRatio < 1 || minHold.isNegative()) {
                throw new IllegalArgumentException("bad dominant speaker config [window:" + window + "] [ratio:"
                    + switchRatio + "]");
            }
        }
    }

    private record Sample(long millis, int activity) {
    }

    private static final class Speaker {
        final ArrayDeque<Sample> samples = new ArrayDeque<>();
        long sum;
    }

    private final Clock clock;
    private final Config config;
    private final LongConsumer onChange;
    private final Map<Long, Speaker> speakers = new HashMap<>();
    private long dominant = -1;
    private long lastChangeMillis = Long.MIN_VALUE / 2;
    private long changes;

    /** @param onChange told the SSRC of each new dominant speaker */
    public DominantSpeakerDetector(Clock clock, Config config, LongConsumer onChange) {
        this.clock = clock;
        this.config = config;
        this.onChange = onChange == null ? s -> { } : onChange;
    }

    @Override
    public void onAudioLevel(long ssrc, int level, boolean voice, long atMicros) {
        long now = clock.millis();
        Speaker s = speakers.computeIfAbsent(ssrc, k -> new Speaker());
        int activity = Math.max(0, config.silenceLevel() - Math.min(127, Math.max(0, level)));
        s.samples.addLast(new Sample(now, activity));
        s.sum += activity;
        evaluate();
    }

    /** Forgets a speaker (its producer closed); the floor passes on at the next evaluation. */
    public void remove(long ssrc) {
        speakers.remove(ssrc);
        if (dominant == ssrc) {
            dominant = -1;
        }
    }

    /** Re-scores everyone and announces a change when the rules allow one. */
    public void evaluate() {
        long now = clock.millis();
        long windowMillis = config.window().toMillis();
        long best = -1;
        double bestScore = -1;
        double dominantScore = 0;
        for (Map.Entry<Long, Speaker> e : speakers.entrySet()) {
            Speaker s = e.getValue();
            while (!s.samples.isEmpty() && now - s.samples.peekFirst().millis() >= windowMillis) {
                s.sum -= s.samples.removeFirst().activity();
            }
            double score = s.samples.isEmpty() ? 0 : (double) s.sum / s.samples.size();
            if (e.getKey() == dominant) {
                dominantScore = score;
            }
            if (score > bestScore || (score == bestScore && e.getKey() < best)) {
                best = e.getKey();
                bestScore = score;
            }
        }
        if (best < 0 || best == dominant || bestScore < config.minScore()) {
            return;
        }
        boolean held = now - lastChangeMillis < config.minHold().toMillis();
        if (dominant >= 0 && (held || bestScore < dominantScore * config.switchRatio())) {
            return;
        }
        dominant = best;
        lastChangeMillis = now;
        changes++;
        onChange.accept(best);
    }

    /** The SSRC of the dominant speaker, empty before anyone spoke. */
    public OptionalLong dominant() {
        return dominant < 0 ? OptionalLong.empty() : OptionalLong.of(dominant);
    }

    /** The current score of {@code ssrc} (mean activity over the window), 0 when unknown. */
    public double score(long ssrc) {
        Speaker s = speakers.get(ssrc);
        return s == null || s.samples.isEmpty() ? 0 : (double) s.sum / s.samples.size();
    }

    public long changes() {
        return changes;
    }
}
