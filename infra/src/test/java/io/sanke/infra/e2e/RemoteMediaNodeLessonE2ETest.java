package io.sanke.infra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.sanke.client.ClassroomClient;
import io.sanke.client.ClientException;
import io.sanke.client.MediaPeer;
import io.sanke.media.api.Reply;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo maths lesson through media nodes in processes of their own: two
 * {@code MediaNodeMain} child JVMs listed in {@code sanke.signaling.media-nodes} of a separate
 * signaling node, a teacher and two teaching points as headless webrtc-java clients. Then the
 * room's media node is killed (SIGKILL) mid-lesson, and the test pins down what happens today:
 * signaling does not move the room to the other node (see docs/cluster.md, "When a media node
 * dies"), every request that needs the SFU is answered {@code MEDIA_UNAVAILABLE} naming the dead
 * node (no hang), everything that lives in Redis keeps working, and the lesson still ends.
 */
@Tag("netns")
class RemoteMediaNodeLessonE2ETest {
  @TempDir
  Path dir;

  private static void await(Duration limit, BooleanSupplier ok, Supplier<String> seen) {
    long end = System.nanoTime() + limit.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("not within " + limit + ": " + seen.get());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  /** The client's failed negotiations, as code and text. */
  private static String failures(ClassroomClient c) {
    return c.negotiationFailures().stream().map(e -> e.code() + ": " + e.getMessage()).toList().toString();
  }

  @Test
  @DisplayName("a lesson runs through a media node in its own process; killed mid-lesson, its room stays on it: "
      + "media requests are answered MEDIA_UNAVAILABLE naming the node, floor and ping still work, the lesson still ends")
  void lessonThroughAStandaloneMediaNode() throws Exception {
    try (MediaNodeProcess a = MediaNodeProcess.start("media-a", dir);
        MediaNodeProcess b = MediaNodeProcess.start("media-b", dir);
        LessonStack stack = LessonStack.withMediaNodes(List.of(a.entry(), b.entry()))) {
      List<ClassroomClient> all = new ArrayList<>();
      try {
        ClassroomClient teacher = new ClassroomClient(stack.vertx, stack.webSocket(),
            MediaPeer.Options.classroom(LessonStack.TEACHER).withVideo(640, 360, 15, 3));
        all.add(teacher);
        teacher.join(stack.sessionId, stack.token(LessonStack.TEACHER));
        assertEquals("master-teacher", teacher.role());
        List<ClassroomClient> rooms = new ArrayList<>();
        for (String id : List.of("cr-v1", "cr-v2")) {
          ClassroomClient c = new ClassroomClient(stack.vertx, stack.webSocket(),
              MediaPeer.Options.classroom(id).withVideo(320, 180, 15, 1).withTone(500 + 100 * rooms.size()));
          all.add(c);
          rooms.add(c);
          c.join(stack.sessionId, stack.token(id));
          assertEquals("classroom", c.role());
        }
        for (ClassroomClient c : rooms) {
          await(Duration.ofSeconds(30), () -> c.framesFrom(LessonStack.TEACHER) > 20,
              () -> c.name() + " decoded " + c.framesFrom(LessonStack.TEACHER) + " teacher frames; tracks " + c.tracks()
                  + "; failures " + failures(c));
          await(Duration.ofSeconds(30), () -> teacher.framesFrom(c.participantId()) > 20,
              () -> "teacher decoded " + teacher.framesFrom(c.participantId()) + " frames of " + c.name() + "; tracks "
                  + teacher.tracks() + "; failures " + failures(teacher));
        }

        // the room lives on exactly one of the two nodes: its router and the three transports
        Reply.Load loadA = a.load();
        Reply.Load loadB = b.load();
        assertEquals(1, loadA.routers() + loadB.routers(), loadA + " / " + loadB);
        MediaNodeProcess host = loadA.routers() == 1 ? a : b;
        MediaNodeProcess spare = host == a ? b : a;
        assertEquals(3, (host == a ? loadA : loadB).transports(), host.id + " holds every participant's transport");

        // an ICE restart (what a terminal does when its media connection failed) on a live node: media goes on
        ClassroomClient restarter = rooms.get(0);
        JsonObject restarted = restarter.restartIce();
        assertTrue(restarted.getString("sdp").startsWith("v=0"), restarted.encode());
        long framesAtRestart = restarter.framesFrom(LessonStack.TEACHER);
        await(Duration.ofSeconds(10), () -> restarter.framesFrom(LessonStack.TEACHER) > framesAtRestart + 15,
            () -> "frames after the ICE restart " + restarter.framesFrom(LessonStack.TEACHER) + ", peer "
                + restarter.peer().state());

        // the floor: a teaching point raises its hand, the teacher gives it the floor, the other one hears and sees it
        ClassroomClient speaker = rooms.get(1);
        ClassroomClient listener = rooms.get(0);
        speaker.raiseHand();
        await(Duration.ofSeconds(10), () -> teacher.hands().contains(speaker.participantId()), () -> "hands " + teacher.hands());
        teacher.grantFloor(speaker.participantId());
        await(Duration.ofSeconds(20), () -> listener.audioPacketsFrom(speaker.participantId()) > 50,
            () -> listener.name() + " got " + listener.audioPacketsFrom(speaker.participantId()) + " audio packets of "
                + speaker.name() + "; floor " + listener.floor() + ", tracks " + listener.tracks());
        await(Duration.ofSeconds(20), () -> listener.framesFrom(speaker.participantId()) > 20,
            () -> listener.name() + " decoded " + listener.framesFrom(speaker.participantId()) + " frames of "
                + speaker.name() + "; tracks " + listener.tracks());
        assertEquals(speaker.participantId(), listener.floor());
        assertEquals(speaker.participantId(), teacher.floor());

        // the room's media node dies
        long killed = System.nanoTime();
        assertEquals(137, host.kill(), "SIGKILL: 128 + 9");
        for (ClassroomClient c : all) {
          await(Duration.ofSeconds(30), () -> c.peer().state() != RTCPeerConnectionState.CONNECTED,
              () -> c.name() + "'s media connection still " + c.peer().state() + " after its SFU node died");
        }
        System.out.printf("media node %s killed; %d ms later every media connection had left CONNECTED: %s%n", host.id,
            Duration.ofNanos(System.nanoTime() - killed).toMillis(), all.stream().map(c -> c.name() + " "
                + c.peer().state()).toList());

        // signaling still answers; what lives in Redis still works: the floor moves to the other teaching point
        assertTrue(teacher.request("ping", new JsonObject()).containsKey("now"));
        assertEquals(listener.participantId(), teacher.grantFloor(listener.participantId()).getString("floor"));
        await(Duration.ofSeconds(10), () -> listener.participantId().equals(speaker.floor()), () -> "floor " + speaker.floor());
        // ... but the media of it cannot follow: the former speaker must receive the new one and its offer is refused
        await(Duration.ofSeconds(30), () -> !speaker.negotiationFailures().isEmpty(),
            () -> speaker.name() + " saw no failed negotiation; events " + speaker.events());
        ClientException renegotiation = speaker.negotiationFailures().get(0);
        assertEquals("MEDIA_UNAVAILABLE", renegotiation.code(), renegotiation.getMessage());
        assertTrue(renegotiation.getMessage().contains("node:" + host.id), renegotiation.getMessage());

        // an ICE restart is refused with the same clear error, at once (a dead node refuses connections)
        long restartAsked = System.nanoTime();
        ClientException restart = assertThrows(ClientException.class, listener::restartIce);
        System.out.printf("ICE restart refused after %d ms: %s: %s%n",
            Duration.ofNanos(System.nanoTime() - restartAsked).toMillis(), restart.code(), restart.getMessage());
        assertEquals("MEDIA_UNAVAILABLE", restart.code(), restart.getMessage());
        assertTrue(restart.getMessage().contains("node:" + host.id) && restart.getMessage().contains("unreachable"),
            restart.getMessage());

        // a terminal joining now gets into the room (signaling keeps it on the dead node) but no media
        ClassroomClient late = new ClassroomClient(stack.vertx, stack.webSocket(),
            MediaPeer.Options.classroom(LessonStack.MASTER_ROOM).withVideo(320, 180, 15, 1));
        all.add(late);
        late.join(stack.sessionId, stack.token(LessonStack.MASTER_ROOM));
        await(Duration.ofSeconds(30), () -> !late.negotiationFailures().isEmpty(),
            () -> late.name() + " saw no failed negotiation; state " + late.peer().state());
        assertEquals("MEDIA_UNAVAILABLE", late.negotiationFailures().get(0).code(), failures(late));
        assertTrue(late.negotiationFailures().get(0).getMessage().contains("node:" + host.id), failures(late));
        assertNotEquals(RTCPeerConnectionState.CONNECTED, late.peer().state());
        assertEquals(0, spare.load().routers(), "the room did not move to " + spare.id + ", which is alive and listed");

        // the lesson still ends: every participant is told and let go
        stack.endLesson();
        for (ClassroomClient c : all) {
          await(Duration.ofSeconds(30), c::closedByRoom, () -> c.name() + " not told the room closed; events " + c.events());
        }
        assertTrue(spare.process.isAlive(), "the spare node kept running");
      } finally {
        for (ClassroomClient c : all) {
          c.close();
        }
      }
    }
  }
}
