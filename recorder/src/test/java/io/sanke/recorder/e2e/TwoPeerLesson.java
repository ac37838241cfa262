package io.sanke.recorder.e2e;

import io.sanke.client.MediaPeer;
import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.media.server.InProcessControl;
import io.sanke.recorder.capture.CapturedTrack;
import io.sanke.recorder.capture.LessonCapture;
import io.sanke.recorder.capture.TrackKind;
import io.sanke.recorder.capture.TrackRole;
import java.util.List;

/**
 * The SFU lesson the recorder's end-to-end tests record: a teacher and one classroom
 * ("li-jia") publishing in router "lesson", then their four tracks sent to a capture over the
 * plain egress "rec".
 */
final class TwoPeerLesson {
  private final InProcessControl control;
  private final Reply.Answer teacher;
  private final Reply.Answer room;

  private TwoPeerLesson(InProcessControl control, Reply.Answer teacher, Reply.Answer room) {
    this.control = control;
    this.teacher = teacher;
    this.room = room;
  }

  /** Opens router "lesson" and publishes both peers in it. */
  static TwoPeerLesson publish(InProcessControl control, MediaPeer teacher, MediaPeer room) throws Exception {
    control.execute(new Command.CreateRouter("lesson"));
    return new TwoPeerLesson(control, publish(control, "teacher", teacher), publish(control, "room", room));
  }

  private static Reply.Answer publish(InProcessControl control, String id, MediaPeer peer) throws Exception {
    control.execute(new Command.CreateWebRtcTransport("lesson", id));
    Reply.Answer a = control.execute(new Command.ProcessOffer(id, peer.createOffer()));
    peer.setAnswer(a.answerSdp());
    return a;
  }

  /** Sends the teacher's and the classroom's video and audio to {@code capture} (plain egress "rec"). */
  void recordInto(LessonCapture capture) throws MediaException {
    control.execute(new Command.CreatePlainRtpTransport("lesson", "rec", "127.0.0.1", capture.port()));
    record Want(String id, Reply.ProducerInfo producer, TrackKind kind, String codec, int clock, TrackRole role,
        String room) {}
    for (Want w : List.of(
        new Want("teacher/video", producer(teacher, "video"), TrackKind.VIDEO, "VP8", 90_000, TrackRole.TEACHER, null),
        new Want("teacher/audio", producer(teacher, "audio"), TrackKind.AUDIO, "opus", 48_000, TrackRole.TEACHER, null),
        new Want("li-jia/video", producer(room, "video"), TrackKind.VIDEO, "VP8", 90_000, TrackRole.CLASSROOM, "li-jia"),
        new Want("li-jia/audio", producer(room, "audio"), TrackKind.AUDIO, "opus", 48_000, TrackRole.CLASSROOM,
            "li-jia"))) {
      Reply.ConsumerCreated cc = control.execute(
          new Command.CreateConsumer("rec", "rec-" + w.id(), w.producer().producerId(), null));
      // the control API does not tell the egress's payload types: -1 takes what the SSRC carries
      capture.addTrack(CapturedTrack.of(w.id(), cc.ssrc(), w.kind(), w.codec(), w.clock(), -1, w.role(), w.room()));
    }
  }

  private static Reply.ProducerInfo producer(Reply.Answer a, String kind) {
    return a.producers().stream().filter(p -> p.kind().equals(kind)).findFirst().orElseThrow();
  }
}
