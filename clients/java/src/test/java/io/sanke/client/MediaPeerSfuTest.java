package io.sanke.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two headless peers through the real SFU (in process, driven by its control API the way
 * signaling drives it), inside the private network namespace: the teacher publishes
 * first, the classroom joins later and the teacher renegotiates to receive it.
 */
@Tag("netns")
class MediaPeerSfuTest {
  private MediaServer server;
  private InProcessControl control;

  static {
    if (System.getProperty("sanke.webrtc.log") != null) {
      dev.onvoid.webrtc.logging.Logging.addLogSink(dev.onvoid.webrtc.logging.Logging.Severity.INFO, (sev, msg) -> {
        if (msg.contains("emux") || msg.contains("onflict") || msg.contains("sink")) {
          System.out.println("WEBRTC " + msg.trim());
        }
      });
    }
  }

  @BeforeEach
  void start() throws Exception {
    if (!"1".equals(System.getenv("SANKE_NETNS"))) {
      fail("WebRTC tests must run inside scripts/netns-java (surefire execution webrtc-netns), not on the host network");
    }
    server = MediaServer.start(MediaConfig.withOverrides("sanke.media.ice { bind-address = \"::\", udp-port = 0, tcp-port = 0 }"),
        Clock.systemUTC());
    control = new InProcessControl(server);
    control.execute(new Command.CreateRouter("lesson"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Reply.ProducerInfo producer(Reply.Answer a, String kind) {
    return a.producers().stream().filter(p -> p.kind().equals(kind)).findFirst().orElseThrow();
  }

  private static long audioPackets(MediaPeer p) {
    return p.stats().inboundAudio().stream().mapToLong(PeerStats.InboundAudio::packetsReceived).sum();
  }

  @Test
  @DisplayName("a teacher renegotiates once per joining classroom and decodes all three")
  void teacherReceivesClassroomsJoiningOneByOne() throws Exception {
    List<MediaPeer> rooms = new java.util.ArrayList<>();
    try (MediaPeer teacher = new MediaPeer(MediaPeer.Options.classroom("teacher").withVideo(320, 180, 15, 1))) {
      control.execute(new Command.CreateWebRtcTransport("lesson", "teacher"));
      teacher.setAnswer(control.execute(new Command.ProcessOffer("teacher", teacher.createOffer())).answerSdp());
      for (int i = 0; i < 3; i++) {
        MediaPeer room = new MediaPeer(MediaPeer.Options.classroom("room" + i).withVideo(320, 180, 15, 1));
        rooms.add(room);
        control.execute(new Command.CreateWebRtcTransport("lesson", "room" + i));
        Reply.Answer ra = control.execute(new Command.ProcessOffer("room" + i, room.createOffer()));
        room.setAnswer(ra.answerSdp());
        teacher.addReceiver("video");
        String offer = teacher.createOffer();
        List<String> mids = teacher.mids();
        control.execute(new Command.CreateConsumer("teacher", "t-v" + i, producer(ra, "video").producerId(), mids.get(mids.size() - 1)));
        teacher.setAnswer(control.execute(new Command.ProcessOffer("teacher", offer)).answerSdp());
      }
      List<String> mids = teacher.mids();
      Await.until(Duration.ofSeconds(20), () -> mids.subList(2, 5).stream().allMatch(m -> teacher.framesDecoded(m) > 10),
          () -> "decoded per mid " + mids.stream().map(m -> m + ":" + teacher.framesDecoded(m)).toList());
    } finally {
      rooms.forEach(MediaPeer::close);
    }
  }

  @Test
  @DisplayName("a receive-only observer decodes the teacher's video and hears the teacher's tone")
  void observerHearsTheTone() throws Exception {
    try (MediaPeer teacher = new MediaPeer(MediaPeer.Options.classroom("teacher").withVideo(320, 180, 15, 1));
        MediaPeer observer = new MediaPeer(MediaPeer.Options.receiveOnly("observer"))) {
      control.execute(new Command.CreateWebRtcTransport("lesson", "teacher"));
      Reply.Answer ta = control.execute(new Command.ProcessOffer("teacher", teacher.createOffer()));
      teacher.setAnswer(ta.answerSdp());
      control.execute(new Command.CreateWebRtcTransport("lesson", "observer"));
      observer.addReceiver("video");
      observer.addReceiver("audio");
      String offer = observer.createOffer();
      List<String> mids = observer.mids();
      control.execute(new Command.CreateConsumer("observer", "ov", producer(ta, "video").producerId(), mids.get(0)));
      control.execute(new Command.CreateConsumer("observer", "oa", producer(ta, "audio").producerId(), mids.get(1)));
      observer.setAnswer(control.execute(new Command.ProcessOffer("observer", offer)).answerSdp());
      Await.until(Duration.ofSeconds(15), () -> observer.framesDecoded(mids.get(0)) > 10 && observer.audioRms(mids.get(1)) > 0.02,
          () -> "observer decoded " + observer.framesDecoded() + " frames, hears " + observer.audioRms(mids.get(1)));
      assertTrue(observer.firstFrameNanos() > 0);
      assertEquals(320, observer.stats().inboundVideo().get(0).frameWidth());
    }
  }

  @Test
  @DisplayName("teacher and classroom each decode the other's simulcast video and receive the other's audio")
  void teacherAndClassroomSeeAndHearEachOther() throws Exception {
    try (MediaPeer teacher = new MediaPeer(MediaPeer.Options.classroom("teacher").withVideo(640, 360, 15, 2).withTone(440));
        MediaPeer room = new MediaPeer(MediaPeer.Options.classroom("li-jia").withVideo(640, 360, 15, 2).withTone(660))) {
      control.execute(new Command.CreateWebRtcTransport("lesson", "teacher"));
      Reply.Answer ta = control.execute(new Command.ProcessOffer("teacher", teacher.createOffer()));
      teacher.setAnswer(ta.answerSdp());
      assertEquals(List.of("0", "1"), producer(ta, "video").rids(), "simulcast by rid, lowest layer first");

      control.execute(new Command.CreateWebRtcTransport("lesson", "room"));
      room.addReceiver("video");
      room.addReceiver("audio");
      String roomOffer = room.createOffer();
      List<String> roomMids = room.mids();
      control.execute(new Command.CreateConsumer("room", "room-v", producer(ta, "video").producerId(), roomMids.get(2)));
      control.execute(new Command.CreateConsumer("room", "room-a", producer(ta, "audio").producerId(), roomMids.get(3)));
      Reply.Answer ra = control.execute(new Command.ProcessOffer("room", roomOffer));
      room.setAnswer(ra.answerSdp());

      teacher.addReceiver("video");
      teacher.addReceiver("audio");
      String again = teacher.createOffer();
      List<String> teacherMids = teacher.mids();
      control.execute(new Command.CreateConsumer("teacher", "teacher-v", producer(ra, "video").producerId(), teacherMids.get(2)));
      control.execute(new Command.CreateConsumer("teacher", "teacher-a", producer(ra, "audio").producerId(), teacherMids.get(3)));
      teacher.setAnswer(control.execute(new Command.ProcessOffer("teacher", again)).answerSdp());

      Await.until(Duration.ofSeconds(20), () -> room.framesDecoded(roomMids.get(2)) > 30
          && teacher.framesDecoded(teacherMids.get(2)) > 30,
          () -> "room decoded " + room.framesDecoded() + ", teacher decoded " + teacher.framesDecoded());
      Await.until(Duration.ofSeconds(10), () -> audioPackets(room) > 50 && audioPackets(teacher) > 50,
          () -> "room got " + audioPackets(room) + " audio packets, teacher " + audioPackets(teacher));

      PeerStats rs = room.stats();
      assertEquals(1, rs.inboundVideo().size(), rs.toString());
      PeerStats.InboundVideo v = rs.inboundVideo().get(0);
      assertTrue(v.framesDecoded() > 30 && v.frameWidth() > 0 && v.frameHeight() > 0, v.toString());
      assertTrue(rs.inboundAudio().get(0).packetsReceived() > 0, rs.toString());
      PeerStats ts = teacher.stats();
      assertEquals(2, ts.outboundVideo().size(), "one outbound-rtp per simulcast layer: " + ts);
      assertTrue(ts.outboundVideo().get(0).framesEncoded() > 0, "the lowest layer is encoded from the start: " + ts);
      assertTrue(ts.roundTripTimeMs() >= 0, ts.toString());
    }
  }
}
