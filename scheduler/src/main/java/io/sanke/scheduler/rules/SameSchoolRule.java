package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.ConflictKind;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Ref;

import java.util.List;

/**
 * {@link io.sanke.scheduler.api.ConflictKind#SAME_SCHOOL}: a pairing whose listening classroom is in the
 * master classroom's own school (the pairing reaches no one new).
 */
final class SameSchoolRule {
    private SameSchoolRule() {
    }

    static void check(Plan plan, List<Conflict> out) {
        for (Pairing p : plan.pairings().values()) {
            Classroom master = p.masterClassroomId() == null ? null : plan.classrooms().get(p.masterClassroomId());
            if (master == null || master.schoolId() == null) {
                continue;
            }
            for (PairedClassroom pc : p.listening()) {
                Classroom listening = pc.classroomId() == null ? null : plan.classrooms().get(pc.classroomId());
                if (listening != null && master.schoolId().equals(listening.schoolId())) {
                    out.add(new Conflict(ConflictKind.SAME_SCHOOL, new Ref("school", master.schoolId()),
                            Ref.pairing(p.id()), Ref.classroom(listening.id()),
                            "结对 [id:%s] 的听讲教室 [id:%s] 与主讲教室 [id:%s] 同属学校 [id:%s]".formatted(
                                    p.id(), listening.id(), master.id(), master.schoolId())));
                }
            }
        }
    }
}
