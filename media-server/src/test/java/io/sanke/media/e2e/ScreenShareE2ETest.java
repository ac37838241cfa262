package io.sanke.media.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression test: a classroom that already receives the teacher's camera and microphone
 * shares a screen afterwards (a new video m-section after its receive m-sections). The
 * classroom offers what libwebrtc offers by itself, the mid and rid header extensions
 * included, and the teacher arrives after it, so the classroom gets the teacher's first
 * packets, which carry the teacher's own mids ("0", "1").
 *
 * <p>When the SFU forwarded those {@code sdes:mid} values, libwebrtc latched the teacher's
 * SSRCs to the classroom's send m-sections of the same mids, over the SSRCs the answer had
 * signalled on its receive m-sections. A screen shared with {@code addTrack} (sendrecv)
 * makes a second receiving video m-section, so libwebrtc turns payload type demuxing off
 * for the first one and registers that m-section's signalled SSRCs again; they belong to
 * another m-section now and the offer fails: "Failed to update payload type demuxing
 * state". A send-only screen changes no receiving m-section and passed either way; it is
 * how the clients share. Consumers now remove the publishers' mid, rid and repaired-rid
 * ({@code HeaderExtensionRewriter}), so both work.
 */
@Tag("netns")
class ScreenShareE2ETest extends SfuRoomTest {
  @ParameterizedTest(name = "screen on a send-only transceiver: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("an endpoint that receives the teacher shares a screen afterwards; the screen reaches a watcher and the teacher keeps coming")
  void screenSharedAfterReceiving(boolean sendOnly) throws Exception {
    try (WebRtcPeer teacher = WebRtcPeer.publisher(320, 240); WebRtcPeer room = WebRtcPeer.publisher(320, 240);
        WebRtcPeer watcher = WebRtcPeer.subscriber(1, 0)) {
      control.execute(new Command.CreateWebRtcTransport("room", "cr"));
      room.setAnswer(control.execute(new Command.ProcessOffer("cr", room.createOffer())).answerSdp());
      Await.until(Duration.ofSeconds(10), () -> room.state() == RTCPeerConnectionState.CONNECTED,
          () -> "classroom " + room.state());

      // The teacher arrives: the classroom receives the teacher's very first packets, which
      // carry the teacher's mids until the SFU's receiver reports acknowledge them.
      control.execute(new Command.CreateWebRtcTransport("room", "teacher"));
      String teacherAnswer = control.execute(new Command.ProcessOffer("teacher", teacher.createOffer())).answerSdp();
      room.addReceiver("video");
      room.addReceiver("audio");
      String offer = room.createOffer();
      List<String> mids = room.mids();
      control.execute(new Command.CreateConsumer("cr", "cr-video", "teacher/0", mids.get(2)));
      control.execute(new Command.CreateConsumer("cr", "cr-audio", "teacher/1", mids.get(3)));
      room.setAnswer(control.execute(new Command.ProcessOffer("cr", offer)).answerSdp());
      teacher.setAnswer(teacherAnswer);
      String fromTeacher = mids.get(2);
      Await.until(Duration.ofSeconds(20), () -> room.frames(fromTeacher) >= 10,
          () -> "frames of the teacher " + room.frames(fromTeacher));

      room.addScreen(sendOnly);
      String again = room.createOffer();
      Reply.Answer answer = control.execute(new Command.ProcessOffer("cr", again));
      room.setAnswer(answer.answerSdp());
      String screenMid = room.mids().get(4);
      assertEquals(List.of("cr/" + screenMid), answer.producers().stream().map(Reply.ProducerInfo::producerId).toList());

      control.execute(new Command.CreateWebRtcTransport("room", "w"));
      String watch = watcher.createOffer();
      String watchMid = watcher.mids().get(0);
      control.execute(new Command.CreateConsumer("w", "w-screen", "cr/" + screenMid, watchMid));
      watcher.setAnswer(control.execute(new Command.ProcessOffer("w", watch)).answerSdp());
      Await.until(Duration.ofSeconds(20), () -> watcher.frames(watchMid) >= 10,
          () -> "frames of the screen " + watcher.frames(watchMid));
      assertEquals(320, watcher.decoded().get(watcher.decoded().size() - 1).width());
      int before = room.frames(fromTeacher);
      Await.until(Duration.ofSeconds(10), () -> room.frames(fromTeacher) >= before + 10,
          () -> "frames of the teacher after the screen share " + room.frames(fromTeacher) + " (were " + before + ")");
    }
  }
}
