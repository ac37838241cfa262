package io.sanke.signaling;

import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.Source;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LessonRulesTest {

    private static Member publishing(String id, Role role, String classroom, Source... sources) {
        Member m = new Member(id, role, id, classroom, "n", true, Map.of());
        for (Source s : sources) {
            m = m.withTrack(s, new Member.Track(id + "/" + s.wire(), s.kind(), s.maxLayers()));
        }
        return m;
    }

    private static RoomSnapshot room(String floor, Map<String, Set<String>> muted, Member... members) {
        Map<String, Member> m = new LinkedHashMap<>();
        for (Member x : members) {
            m.put(x.id(), x);
        }
        return new RoomSnapshot("s", true, List.of(), m, List.of(), floor, muted, "media-1");
    }

    private static final Member TEACHER = publishing("t", Role.MASTER_TEACHER, "c0", Source.CAMERA, Source.MICROPHONE, Source.SCREEN);
    private static final Member MASTER_ROOM = publishing("c0", Role.CLASSROOM, "c0", Source.CAMERA, Source.MICROPHONE);
    private static final Member V1 = publishing("c1", Role.CLASSROOM, "c1", Source.CAMERA, Source.MICROPHONE);
    private static final Member V2 = publishing("c2", Role.CLASSROOM, "c2", Source.CAMERA, Source.MICROPHONE);
    private static final Member OBSERVER = publishing("o", Role.OBSERVER, null);

    private static List<String> keys(String viewer, RoomSnapshot room) {
        return LessonRules.wanted(viewer, room).stream().map(w -> w.key() + "@" + w.spatialLayer()).sorted().toList();
    }

    @Test
    @DisplayName("the teacher sees every classroom small and hears nobody while nobody is on stage")
    void teacherWithoutStage() {
        assertEquals(List.of("c0/camera@0", "c1/camera@0", "c2/camera@0"),
                keys("t", room(null, Map.of(), TEACHER, MASTER_ROOM, V1, V2, OBSERVER)));
    }

    @Test
    @DisplayName("the teacher sees the classroom on stage large and hears it")
    void teacherWithStage() {
        assertEquals(List.of("c0/camera@0", "c1/camera@2", "c1/microphone@0", "c2/camera@0"),
                keys("t", room("c1", Map.of(), TEACHER, MASTER_ROOM, V1, V2)));
    }

    @Test
    @DisplayName("a classroom sees the teacher at the best layer with courseware, and the stage; never itself")
    void classroom() {
        assertEquals(List.of("t/camera@2", "t/microphone@0", "t/screen@0"),
                keys("c2", room(null, Map.of(), TEACHER, V1, V2)));
        assertEquals(List.of("c1/camera@2", "c1/microphone@0", "t/camera@2", "t/microphone@0", "t/screen@0"),
                keys("c2", room("c1", Map.of(), TEACHER, V1, V2)));
        assertEquals(List.of("t/camera@2", "t/microphone@0", "t/screen@0"),
                keys("c1", room("c1", Map.of(), TEACHER, V1, V2)), "on stage, it does not receive itself");
    }

    @Test
    @DisplayName("the master classroom does not hear the teacher standing in it (no echo)")
    void sameRoomNoAudio() {
        assertEquals(List.of("t/camera@2", "t/screen@0"), keys("c0", room(null, Map.of(), TEACHER, MASTER_ROOM)));
    }

    @Test
    @DisplayName("observers receive like a classroom and are never received")
    void observer() {
        assertEquals(List.of("t/camera@2", "t/microphone@0", "t/screen@0"), keys("o", room(null, Map.of(), TEACHER, OBSERVER)));
    }

    @Test
    @DisplayName("a muted track stays wanted, paused")
    void muted() {
        var wants = LessonRules.wanted("c2", room(null, Map.of("t", Set.of("audio")), TEACHER, V2));
        assertTrue(wants.stream().filter(w -> w.source() == Source.MICROPHONE).allMatch(LessonRules.Want::paused));
        assertFalse(wants.stream().filter(w -> w.source() == Source.CAMERA).anyMatch(LessonRules.Want::paused));
    }

    @Test
    @DisplayName("an assistant teacher lowers hands of its own classroom only; teachers any; everyone their own")
    void lowerHands() {
        Member assistant = publishing("a", Role.ASSISTANT_TEACHER, "c1");
        assertTrue(LessonRules.mayLowerHand(assistant, V1));
        assertFalse(LessonRules.mayLowerHand(assistant, V2));
        assertTrue(LessonRules.mayLowerHand(TEACHER, V2));
        assertTrue(LessonRules.mayLowerHand(V2, V2));
        assertFalse(LessonRules.mayLowerHand(V1, V2));
    }
}
