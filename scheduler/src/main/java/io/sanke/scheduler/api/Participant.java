package io.sanke.scheduler.api;

/**
 * Someone or something taking part in a lesson, as announced on the
 * {@code sanke:lesson-events} stream.
 *
 * @param id          the teacher id for teacher roles, the classroom id for classroom roles
 * @param classroomId the classroom the participant is in (the master classroom for the
 *                    master teacher, the listening classroom for an assistant teacher)
 */
public record Participant(Role role, String id, String name, String schoolId, String classroomId) {
    public enum Role { MASTER_TEACHER, MASTER_CLASSROOM, LISTENING_CLASSROOM, ASSISTANT_TEACHER }
}
