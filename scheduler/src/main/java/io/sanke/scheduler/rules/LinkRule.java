package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.ConflictKind;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Ref;

import java.util.List;

/**
 * {@link io.sanke.scheduler.api.ConflictKind#DOWNLINK_TOO_LOW}: a listening classroom whose declared downlink,
 * or a master classroom whose declared uplink, is below what the pairing's {@link LessonProfile} needs.
 * Does not measure links: it trusts the declared figures.
 */
final class LinkRule {
    private LinkRule() {
    }

    static void check(Plan plan, List<Conflict> out) {
        for (Pairing p : plan.pairings().values()) {
            LessonProfile profile = p.profile();
            if (profile == null) {
                continue;
            }
            Ref pairing = Ref.pairing(p.id());
            Classroom master = p.masterClassroomId() == null ? null : plan.classrooms().get(p.masterClassroomId());
            if (master != null && master.uplinkKbps() < profile.uplinkKbps()) {
                Ref room = Ref.classroom(master.id());
                out.add(new Conflict(ConflictKind.DOWNLINK_TOO_LOW, room, pairing, room,
                        "主讲教室 [id:%s] 的上行带宽 %d kbps 低于结对 [id:%s] 的 %s 档所需的 %d kbps".formatted(
                                master.id(), master.uplinkKbps(), p.id(), profile, profile.uplinkKbps())));
            }
            for (PairedClassroom pc : p.listening()) {
                Classroom listening = pc.classroomId() == null ? null : plan.classrooms().get(pc.classroomId());
                if (listening != null && listening.downlinkKbps() < profile.downlinkKbps()) {
                    Ref room = Ref.classroom(listening.id());
                    out.add(new Conflict(ConflictKind.DOWNLINK_TOO_LOW, room, pairing, room,
                            "听讲教室 [id:%s] 的下行带宽 %d kbps 低于结对 [id:%s] 的 %s 档所需的 %d kbps".formatted(
                                    listening.id(), listening.downlinkKbps(), p.id(), profile, profile.downlinkKbps())));
                }
            }
        }
    }
}
