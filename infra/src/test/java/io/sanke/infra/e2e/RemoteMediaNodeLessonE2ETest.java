package io.sanke.infra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
 * room's media node is killed (SIGKILL) mid-lesson: signaling finds it down, moves the room to
 * the other node and tells everyone {@code media-moved}; every participant offers again on a new
 * peer connection and decodes the others within a bounded time, the floor intact (see
 * docs/cluster.md, "When a media node dies"). Then the other node is killed too: with no node
 * left, requests that need the SFU are answered {@code MEDIA_UNAVAILABLE} naming it (no hang),
 * and the lesson still ends.
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
  @DisplayName("a lesson runs through a media node in its own process; killed mid-lesson, its room moves to the other "
      + "node and every participant decodes the others again with the floor intact; with no node left, media requests "
      + "are answered MEDIA_UNAVAILABLE naming the node, and the lesson still ends")
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

        // the room's media node dies: signaling finds it down and moves the room to the other node once
        long killed = System.nanoTime();
        assertEquals(137, host.kill(), "SIGKILL: 128 + 9");
        for (ClassroomClient c : all) {
          await(Duration.ofSeconds(30), () -> c.mediaMoves() >= 1,
              () -> c.name() + " not told media-moved; events " + c.events());
        }
        System.out.printf("media node %s killed; media-moved reached every participant %d ms later%n", host.id,
            Duration.ofNanos(all.stream().mapToLong(ClassroomClient::mediaMovedNanos).max().orElseThrow() - killed)
                .toMillis());
        // every participant decodes the others' video again, through the other node
        long[] firstFrameAgain = new long[1];
        List<ClassroomClient[]> pairs = new ArrayList<>();
        for (ClassroomClient c : rooms) {
          pairs.add(new ClassroomClient[] {c, teacher});
          pairs.add(new ClassroomClient[] {teacher, c});
        }
        pairs.add(new ClassroomClient[] {listener, speaker}); // the floor holder, as before the kill
        for (ClassroomClient[] p : pairs) {
          ClassroomClient receiver = p[0];
          ClassroomClient sender = p[1];
          await(Duration.ofSeconds(30), () -> receiver.framesFrom(sender.participantId()) > 0,
              () -> receiver.name() + " decodes no frame of " + sender.name() + " after the move; tracks "
                  + receiver.tracks() + ", peer " + receiver.peer().state() + ", failures " + failures(receiver));
          firstFrameAgain[0] = Math.max(firstFrameAgain[0], receiver.peer().firstFrameNanos());
        }
        System.out.printf("from the kill of %s to every participant's first decoded frame again: %d ms%n", host.id,
            Duration.ofNanos(firstFrameAgain[0] - killed).toMillis());
        for (ClassroomClient[] p : pairs) {
          long at = p[0].framesFrom(p[1].participantId());
          await(Duration.ofSeconds(10), () -> p[0].framesFrom(p[1].participantId()) > at + 15,
              () -> p[0].name() + " frames of " + p[1].name() + " stopped at " + at);
        }
        Reply.Load moved = spare.load();
        assertEquals(1, moved.routers(), "the room's router is on " + spare.id + ": " + moved);
        assertEquals(3, moved.transports(), "every participant's transport is on " + spare.id + ": " + moved);
        // the floor is intact, and moving it moves the media on the new node
        assertEquals(speaker.participantId(), teacher.floor());
        assertEquals(speaker.participantId(), listener.floor());
        assertTrue(teacher.request("ping", new JsonObject()).containsKey("now"));
        assertEquals(listener.participantId(), teacher.grantFloor(listener.participantId()).getString("floor"));
        await(Duration.ofSeconds(20), () -> speaker.framesFrom(listener.participantId()) > 20,
            () -> speaker.name() + " decoded " + speaker.framesFrom(listener.participantId()) + " frames of "
                + listener.name() + " after the floor moved; tracks " + speaker.tracks() + ", failures " + failures(speaker));

        // a terminal joining now gets the room on the node it moved to
        ClassroomClient late = new ClassroomClient(stack.vertx, stack.webSocket(),
            MediaPeer.Options.classroom(LessonStack.MASTER_ROOM).withVideo(320, 180, 15, 1));
        all.add(late);
        late.join(stack.sessionId, stack.token(LessonStack.MASTER_ROOM));
        await(Duration.ofSeconds(30), () -> late.framesFrom(LessonStack.TEACHER) > 20,
            () -> late.name() + " decoded " + late.framesFrom(LessonStack.TEACHER) + " teacher frames; failures "
                + failures(late));

        // with no other node alive the room cannot move: an ICE restart is refused with a clear error, at once
        assertEquals(137, spare.kill(), "SIGKILL: 128 + 9");
        long restartAsked = System.nanoTime();
        ClientException restart = assertThrows(ClientException.class, listener::restartIce);
        System.out.printf("ICE restart with no media node alive refused after %d ms: %s: %s%n",
            Duration.ofNanos(System.nanoTime() - restartAsked).toMillis(), restart.code(), restart.getMessage());
        assertEquals("MEDIA_UNAVAILABLE", restart.code(), restart.getMessage());
        assertTrue(restart.getMessage().contains("node:" + spare.id) && restart.getMessage().contains("unreachable"),
            restart.getMessage());

        // the lesson still ends: every participant is told and let go
        stack.endLesson();
        for (ClassroomClient c : all) {
          await(Duration.ofSeconds(30), c::closedByRoom, () -> c.name() + " not told the room closed; events " + c.events());
        }
      } finally {
        for (ClassroomClient c : all) {
          c.close();
        }
      }
    }
  }
}
