package io.sanke.scheduler.api;

import java.time.Instant;
import java.util.List;

/**
 * The JSON {@code payload} of one entry of the {@code sanke:lesson-events} stream
 * (the entry also carries the fields {@code type} and {@code sessionId}). Signaling
 * opens rooms on {@code lesson.opening}, the recorder starts on {@code lesson.started}.
 *
 * @param type    {@code lesson.opening}, {@code lesson.started}, {@code lesson.ended},
 *                {@code lesson.missed} or {@code lesson.cancelled}
 * @param session the session in its new state
 * @param pairing the session's pairing, or {@code null} if it was deleted since
 * @param reason  why, for automatic transitions ({@code overrun}, {@code nobody-started}), else {@code null}
 */
public record LessonEvent(String type, String sessionId, Instant at, LessonSession session, Pairing pairing,
                          List<Participant> participants, String reason) {
    public static final String OPENING = "lesson.opening";
    public static final String STARTED = "lesson.started";
    public static final String ENDED = "lesson.ended";
    public static final String MISSED = "lesson.missed";
    public static final String CANCELLED = "lesson.cancelled";

    public LessonEvent {
        participants = List.copyOf(participants);
    }
}
