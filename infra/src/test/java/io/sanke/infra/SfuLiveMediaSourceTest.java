package io.sanke.infra;

import io.sanke.recorder.api.LiveTrack;
import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.RoomMedia;
import io.sanke.signaling.api.Source;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SfuLiveMediaSourceTest {
    private static final String SDP = String.join("\r\n", "v=0", "o=- 0 0 IN IP4 127.0.0.1", "s=sanke recording rec",
            "c=IN IP4 127.0.0.1", "t=0 0",
            "m=video 30000 RTP/AVP 96", "a=rtpmap:96 VP8/90000", "a=recvonly",
            "m=audio 30002 RTP/AVP 111", "a=rtpmap:111 opus/48000/2", "a=recvonly",
            "m=video 30004 RTP/AVP 102", "a=rtpmap:102 H264/90000", "a=fmtp:102 packetization-mode=1", "a=recvonly", "");

    @Test
    @DisplayName("reads codec, payload type and clock rate of the consumer on a port from the plain transport's SDP")
    void readsTheCodecOfAPort() {
        assertEquals(Optional.of(new SfuLiveMediaSource.Codec("VP8", 96, 90_000)), SfuLiveMediaSource.Codec.fromSdp(SDP, 30000));
        assertEquals(Optional.of(new SfuLiveMediaSource.Codec("opus", 111, 48_000)), SfuLiveMediaSource.Codec.fromSdp(SDP, 30002));
        assertEquals(Optional.of(new SfuLiveMediaSource.Codec("H264", 102, 90_000)), SfuLiveMediaSource.Codec.fromSdp(SDP, 30004));
        assertEquals(Optional.empty(), SfuLiveMediaSource.Codec.fromSdp(SDP, 30006));
    }

    @Test
    @DisplayName("names tracks by participant and source and gives the teacher, courseware and classrooms their roles")
    void rolesAndNames() {
        RoomMedia.Participant teacher = new RoomMedia.Participant("t-master", Role.MASTER_TEACHER, "m1");
        RoomMedia.Participant room = new RoomMedia.Participant("l1", Role.CLASSROOM, "l1");
        RoomMedia.Participant assistant = new RoomMedia.Participant("t-a1", Role.ASSISTANT_TEACHER, null);
        assertEquals(LiveTrack.Role.TEACHER, SfuLiveMediaSource.role(new RoomMedia.Track("p1", teacher, Source.CAMERA)));
        assertEquals(LiveTrack.Role.COURSEWARE, SfuLiveMediaSource.role(new RoomMedia.Track("p2", teacher, Source.SCREEN)));
        assertEquals(LiveTrack.Role.CLASSROOM, SfuLiveMediaSource.role(new RoomMedia.Track("p3", room, Source.MICROPHONE)));
        assertEquals("t-master/screen", SfuLiveMediaSource.trackName(new RoomMedia.Track("p2", teacher, Source.SCREEN)));
        assertEquals("l1", SfuLiveMediaSource.classroom(room));
        assertEquals("t-a1", SfuLiveMediaSource.classroom(assistant), "without a classroom the participant stands for itself");
    }
}
