package io.sanke.signaling;

import io.sanke.scheduler.api.Participant;
import io.sanke.signaling.api.Role;
import io.vertx.core.json.JsonObject;

/** Someone who belongs to a lesson, from the scheduler's {@code lesson.opening} event. */
record RosterEntry(String id, Role role, String name, String classroomId) {

    /** Scheduler roles to lesson roles: both classroom kinds join as {@code classroom}. */
    static Role roleOf(Participant.Role r) {
        return switch (r) {
            case MASTER_TEACHER -> Role.MASTER_TEACHER;
            case ASSISTANT_TEACHER -> Role.ASSISTANT_TEACHER;
            case MASTER_CLASSROOM, LISTENING_CLASSROOM -> Role.CLASSROOM;
        };
    }

    JsonObject toJson() {
        return new JsonObject().put("id", id).put("role", role.wire()).put("name", name).put("classroomId", classroomId);
    }

    static RosterEntry fromJson(JsonObject j) {
        return new RosterEntry(j.getString("id"), Role.fromWire(j.getString("role")).orElseThrow(),
                j.getString("name"), j.getString("classroomId"));
    }
}
