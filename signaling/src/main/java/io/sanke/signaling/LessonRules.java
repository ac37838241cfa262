package io.sanke.signaling;

import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who receives what in a dedicated-delivery lesson; a pure function of the room, no
 * sockets and no SFU:
 * <ul>
 *   <li>a teacher (master teacher, studio) sees every classroom's camera at the small
 *       layer and the classroom on stage at the large layer, and hears only the stage;</li>
 *   <li>everyone else sees and hears the teacher (camera at the best layer, microphone,
 *       courseware) and the classroom on stage;</li>
 *   <li>nobody receives their own tracks, nor the audio of a publisher in the same
 *       classroom (it is in the room already: no echo);</li>
 *   <li>a muted track stays subscribed, paused.</li>
 * </ul>
 */
final class LessonRules {
    static final int SMALL = 0;
    static final int LARGE = 2;

    private LessonRules() {
    }

    /** One track a participant should receive. */
    record Want(String publisherId, Source source, String producerId, String kind, int spatialLayer, boolean paused) {
        String key() {
            return publisherId + "/" + source.wire();
        }
    }

    static List<Want> wanted(String viewerId, RoomSnapshot room) {
        Member viewer = room.members().get(viewerId);
        if (viewer == null) {
            return List.of();
        }
        List<Want> out = new ArrayList<>();
        for (Member p : room.members().values()) {
            if (p.id().equals(viewerId)) {
                continue;
            }
            boolean onStage = p.id().equals(room.floor());
            boolean sameRoom = viewer.classroomId() != null && Objects.equals(viewer.classroomId(), p.classroomId());
            for (var t : p.tracks().entrySet()) {
                Source source = t.getKey();
                Member.Track track = t.getValue();
                int layer = -1;
                if (viewer.role().isTeacher()) {
                    if (p.role().mayTakeFloor() && source == Source.CAMERA) {
                        layer = onStage ? LARGE : SMALL;
                    } else if (onStage && source == Source.MICROPHONE) {
                        layer = 0;
                    } else if (p.role().isTeacher()) {
                        layer = source == Source.CAMERA ? LARGE : 0; // a co-teacher (studio guest)
                    }
                } else if (p.role().isTeacher()) {
                    layer = source == Source.CAMERA ? LARGE : 0;
                } else if (onStage && source != Source.SCREEN) {
                    layer = source == Source.CAMERA ? LARGE : 0;
                }
                if (layer < 0 || source == Source.MICROPHONE && sameRoom) {
                    continue;
                }
                int spatial = Math.min(layer, track.layers() - 1);
                out.add(new Want(p.id(), source, track.producerId(), track.kind(), spatial,
                        room.isMuted(p.id(), track.kind())));
            }
        }
        return out;
    }

    /** Whether {@code role} may lower the hand of {@code target} (own hands are always allowed). */
    static boolean mayLowerHand(Member actor, Member target) {
        if (actor.id().equals(target.id()) || actor.role().isTeacher()) {
            return true;
        }
        return actor.role() == Role.ASSISTANT_TEACHER && actor.classroomId() != null
                && actor.classroomId().equals(target.classroomId());
    }
}
