package io.sanke.signaling.api;

import java.util.Locale;
import java.util.Optional;

/** What a published track carries. Wire names: {@code camera}, {@code microphone}, {@code screen}. */
public enum Source {
    /** Video, up to three simulcast layers (rids q, h, f). */
    CAMERA("video", 3),
    MICROPHONE("audio", 1),
    /** Screen or courseware: a second video. */
    SCREEN("video", 1);

    private final String kind;
    private final int maxLayers;

    Source(String kind, int maxLayers) {
        this.kind = kind;
        this.maxLayers = maxLayers;
    }

    /** {@code audio} or {@code video}. */
    public String kind() {
        return kind;
    }

    public int maxLayers() {
        return maxLayers;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Source> fromWire(String s) {
        for (Source v : values()) {
            if (v.wire().equals(s)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
