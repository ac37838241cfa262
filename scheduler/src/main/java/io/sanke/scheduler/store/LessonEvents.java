package io.sanke.scheduler.store;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Participant;
import io.sanke.scheduler.api.Participant.Role;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Teacher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link LessonEvent} of a transition: the session, its pairing and everyone in it with their role. */
public final class LessonEvents {
    private LessonEvents() {
    }

    public static LessonEvent of(String type, LessonSession session, Plan plan, String reason, Instant at) {
        Pairing pairing = plan.pairings().get(session.pairingId());
        List<Participant> participants = new ArrayList<>();
        if (pairing != null) {
            Classroom master = plan.classrooms().get(pairing.masterClassroomId());
            Teacher teacher = plan.teachers().get(pairing.masterTeacherId());
            participants.add(new Participant(Role.MASTER_TEACHER, pairing.masterTeacherId(),
                    teacher == null ? null : teacher.name(), teacher == null ? null : teacher.schoolId(),
                    pairing.masterClassroomId()));
            participants.add(classroom(Role.MASTER_CLASSROOM, pairing.masterClassroomId(), master));
            for (PairedClassroom pc : pairing.listening()) {
                participants.add(classroom(Role.LISTENING_CLASSROOM, pc.classroomId(), plan.classrooms().get(pc.classroomId())));
                if (pc.assistantTeacherId() != null) {
                    Teacher assistant = plan.teachers().get(pc.assistantTeacherId());
                    participants.add(new Participant(Role.ASSISTANT_TEACHER, pc.assistantTeacherId(),
                            assistant == null ? null : assistant.name(), assistant == null ? null : assistant.schoolId(),
                            pc.classroomId()));
                }
            }
        }
        return new LessonEvent(type, session.id(), at, session, pairing, participants, reason);
    }

    private static Participant classroom(Role role, String id, Classroom c) {
        return new Participant(role, id, c == null ? null : c.name(), c == null ? null : c.schoolId(), id);
    }
}
