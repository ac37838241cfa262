package io.sanke.scheduler.api;

import java.util.List;

/**
 * An urban–rural pairing (城乡结对): one master classroom delivers a subject to one
 * to eight listening classrooms.
 *
 * @param autoRecord lessons of this pairing are recorded automatically
 */
public record Pairing(String id, String masterClassroomId, List<PairedClassroom> listening,
                      String subject, String grade, String masterTeacherId,
                      LessonProfile profile, boolean autoRecord) {

    /** Largest number of listening classrooms one master classroom may serve. */
    public static final int MAX_LISTENING = 8;

    public Pairing {
        listening = List.copyOf(listening);
    }
}
