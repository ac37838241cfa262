package io.sanke.infra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.sanke.client.ClassroomClient;
import io.sanke.client.MediaPeer;
import io.sanke.client.SignalingConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo maths lesson with headless classroom clients (webrtc-java): the master teacher
 * and four classrooms (the master classroom's terminal and three teaching points).
 */
@Tag("netns")
class JavaClientsLessonE2ETest {

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

  @Test
  @DisplayName("a teacher and four classrooms see each other, a granted classroom is heard by the others, and a dropped socket resumes with media uninterrupted")
  void headlessLesson() throws Exception {
    try (LessonStack stack = LessonStack.start()) {
      List<ClassroomClient> all = new ArrayList<>();
      try {
        ClassroomClient teacher = new ClassroomClient(stack.vertx, stack.webSocket(),
            MediaPeer.Options.classroom(LessonStack.TEACHER).withVideo(640, 360, 15, 3));
        all.add(teacher);
        teacher.join(stack.sessionId, stack.token(LessonStack.TEACHER));
        assertEquals("master-teacher", teacher.role());
        List<String> roomIds = List.of(LessonStack.MASTER_ROOM, "cr-v1", "cr-v2", "cr-v3");
        List<ClassroomClient> rooms = new ArrayList<>();
        for (int i = 0; i < roomIds.size(); i++) {
          ClassroomClient c = new ClassroomClient(stack.vertx, stack.webSocket(),
              MediaPeer.Options.classroom(roomIds.get(i)).withVideo(320, 180, 15, 1).withTone(500 + 100 * i));
          all.add(c);
          rooms.add(c);
          c.join(stack.sessionId, stack.token(roomIds.get(i)));
          assertEquals("classroom", c.role());
        }

        for (ClassroomClient c : rooms) {
          await(Duration.ofSeconds(30), () -> c.framesFrom(LessonStack.TEACHER) > 20,
              () -> c.name() + " decoded " + c.framesFrom(LessonStack.TEACHER) + " teacher frames; tracks " + c.tracks());
          await(Duration.ofSeconds(30), () -> teacher.framesFrom(c.participantId()) > 20,
              () -> "teacher decoded " + teacher.framesFrom(c.participantId()) + " frames of " + c.name() + "; tracks " + teacher.tracks());
        }
        assertTrue(teacher.stats().inboundVideo().stream().allMatch(v -> v.frameWidth() > 0 && v.frameHeight() > 0),
            teacher.stats().toString());

        ClassroomClient speaker = rooms.get(1);
        speaker.raiseHand();
        await(Duration.ofSeconds(10), () -> teacher.hands().contains(speaker.participantId()), () -> "hands " + teacher.hands());
        teacher.grantFloor(speaker.participantId());
        for (ClassroomClient other : rooms) {
          if (other == speaker) {
            continue;
          }
          await(Duration.ofSeconds(20), () -> other.audioPacketsFrom(speaker.participantId()) > 50,
              () -> other.name() + " got " + other.audioPacketsFrom(speaker.participantId()) + " audio packets of "
                  + speaker.name() + "; floor " + other.floor() + ", tracks " + other.tracks());
          assertEquals(speaker.participantId(), other.floor());
        }

        ClassroomClient dropped = rooms.get(2);
        ClassroomClient.Track fromTeacher = dropped.track(LessonStack.TEACHER, "camera");
        long framesBefore = dropped.framesFrom(LessonStack.TEACHER);
        dropped.peer().resetFrameGaps();
        dropped.dropSignaling();
        await(Duration.ofSeconds(10), () -> dropped.signalingState() != SignalingConnection.State.OPEN || dropped.resumes() > 0,
            () -> "state " + dropped.signalingState());
        await(Duration.ofSeconds(20), () -> dropped.resumes() == 1, () -> "resumes " + dropped.resumes());
        long framesAtResume = dropped.framesFrom(LessonStack.TEACHER);
        await(Duration.ofSeconds(5), () -> dropped.framesFrom(LessonStack.TEACHER) > framesAtResume + 15,
            () -> "frames after resume " + dropped.framesFrom(LessonStack.TEACHER));
        assertEquals(RTCPeerConnectionState.CONNECTED, dropped.peer().state());
        assertTrue(framesAtResume > framesBefore, "frames kept coming while the socket was down");
        Duration gap = dropped.peer().longestFrameGap(fromTeacher.mid());
        assertTrue(gap.compareTo(Duration.ofMillis(700)) < 0, "media uninterrupted across the drop: longest gap " + gap);
        assertTrue(teacher.events().stream().noneMatch(e -> "presence".equals(e.getString("type"))
            && "left".equals(e.getString("action"))), "nobody left the lesson");
        assertEquals("OK", dropped.request("ping", new io.vertx.core.json.JsonObject()).containsKey("now") ? "OK" : "no now");
      } finally {
        for (ClassroomClient c : all) {
          c.close();
        }
      }
    }
  }
}
