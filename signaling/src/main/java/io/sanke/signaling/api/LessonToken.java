package io.sanke.signaling.api;

import java.time.Instant;

/**
 * The verified claims of a lesson token: one lesson session ({@code sid}), one role.
 *
 * @param participantId the {@code sub} claim
 * @param classroomId   the participant's classroom, or null (observers, viewers)
 */
public record LessonToken(String sessionId, Role role, String participantId, String name, String classroomId,
                          Instant expiresAt) {
}
