package io.sanke.scheduler.api;

/**
 * One listening classroom of a {@link Pairing} and the assistant teacher (辅导教师)
 * who keeps order in it.
 */
public record PairedClassroom(String classroomId, String assistantTeacherId) {
}
