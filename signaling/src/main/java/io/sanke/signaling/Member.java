package io.sanke.signaling;

import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.Source;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A participant present in a room, as every signaling node sees it. Written only by
 * the node that holds the participant's socket ({@code node}).
 *
 * @param connected false while the socket is dropped and the resume window runs
 * @param tracks    live published tracks by source
 */
record Member(String id, Role role, String name, String classroomId, String node, boolean connected,
              Map<Source, Track> tracks) {

    /** A live published track: the SFU producer and how many simulcast layers it has. */
    record Track(String producerId, String kind, int layers) {
    }

    Member {
        tracks = Map.copyOf(tracks);
    }

    Member withConnected(boolean value) {
        return new Member(id, role, name, classroomId, node, value, tracks);
    }

    Member withTrack(Source source, Track track) {
        Map<Source, Track> t = new LinkedHashMap<>(tracks);
        if (track == null) {
            t.remove(source);
        } else {
            t.put(source, track);
        }
        return new Member(id, role, name, classroomId, node, connected, t);
    }

    JsonObject toJson() {
        JsonObject t = new JsonObject();
        tracks.forEach((s, tr) -> t.put(s.wire(), new JsonObject().put("producerId", tr.producerId())
                .put("kind", tr.kind()).put("layers", tr.layers())));
        return new JsonObject().put("id", id).put("role", role.wire()).put("name", name)
                .put("classroomId", classroomId).put("node", node).put("connected", connected).put("tracks", t);
    }

    static Member fromJson(JsonObject j) {
        Map<Source, Track> tracks = new LinkedHashMap<>();
        JsonObject t = j.getJsonObject("tracks", new JsonObject());
        for (String s : t.fieldNames()) {
            JsonObject tr = t.getJsonObject(s);
            Source.fromWire(s).ifPresent(src -> tracks.put(src, new Track(tr.getString("producerId"),
                    tr.getString("kind"), tr.getInteger("layers", 1))));
        }
        return new Member(j.getString("id"), Role.fromWire(j.getString("role")).orElseThrow(), j.getString("name"),
                j.getString("classroomId"), j.getString("node"), j.getBoolean("connected", true), tracks);
    }
}
