package io.sanke.signaling;

import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.signaling.Sdp.Section;
import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.RoomMedia;
import io.sanke.signaling.api.Source;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Signaling#watchMedia}: what the recorder's live capture follows — the room's SFU
 * node, its published tracks and the floor, after every room event, until unwatched.
 * Real in-process SFU, real WebSocket peers with synthetic offers.
 */
class RoomMediaWatchTest {

    /** Waits (events arrive asynchronously) for a notification matching {@code ok}. */
    private static RoomMedia seen(List<RoomMedia> seen, String what, Predicate<RoomMedia> ok) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            for (RoomMedia m : seen) {
                if (ok.test(m)) {
                    return m;
                }
            }
            Thread.sleep(10);
        }
        return fail("never told: " + what + " (told " + seen + ")");
    }

    @Test
    @DisplayName("a watcher is told the room's SFU node, each published track with its participant, the floor and the closing")
    void followsTheRoom() throws Exception {
        Vertx vertx = Vertx.vertx();
        MediaServer media = MediaServer.start(MediaConfig.forTests(), Clock.systemUTC());
        try {
            Harness h = Harness.start(vertx, List.of(new InProcessMediaNode(media))).await(10, TimeUnit.SECONDS);
            List<RoomMedia> told = new CopyOnWriteArrayList<>();
            AutoCloseable watch = h.signaling.watchMedia(Harness.SID, told::add);
            RoomMedia first = seen(told, "the room before anyone joined", m -> true);
            assertEquals(List.of(), first.tracks());
            assertNull(first.sfuNode(), "no router before the first join");

            Harness.Joined t = h.join("t-wang").await(10, TimeUnit.SECONDS);
            h.join("c-v1").await(10, TimeUnit.SECONDS);
            t.peer().ok("publish", new JsonObject().put("source", "microphone").put("mid", "0")).await(10, TimeUnit.SECONDS);
            t.peer().ok("offer", new JsonObject().put("sdp", Sdp.offer("t1", List.of(Section.send("0", "audio")))))
                    .await(10, TimeUnit.SECONDS);
            RoomMedia published = seen(told, "the teacher's microphone", m -> !m.tracks().isEmpty());
            assertEquals(media.config().nodeId(), published.sfuNode());
            RoomMedia.Track mic = published.tracks().getFirst();
            assertEquals(Source.MICROPHONE, mic.source());
            assertEquals("audio", mic.kind());
            assertEquals(new RoomMedia.Participant("t-wang", Role.MASTER_TEACHER, "c-city"), mic.from());
            assertFalse(mic.producerId().isBlank());

            t.peer().ok("grant-floor", new JsonObject().put("participantId", "c-v1")).await(10, TimeUnit.SECONDS);
            RoomMedia floor = seen(told, "the floor", m -> m.floor() != null);
            assertEquals(new RoomMedia.Participant("c-v1", Role.CLASSROOM, "c-v1"), floor.floor());

            watch.close();
            int before = told.size();
            h.signaling.closeRoom(Harness.SID, "ended").await(10, TimeUnit.SECONDS);
            assertEquals(before, told.size(), "nothing told after unwatching");

            List<RoomMedia> again = new CopyOnWriteArrayList<>();
            h.signaling.watchMedia(Harness.SID, again::add);
            assertFalse(seen(again, "the closed room", m -> true).open());
            h.signaling.stop().await(10, TimeUnit.SECONDS);
        } finally {
            media.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
