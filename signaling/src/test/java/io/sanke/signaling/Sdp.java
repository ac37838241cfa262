package io.sanke.signaling;

import java.util.List;

/** Client offers in the shape libwebrtc writes them (unified plan, BUNDLE, rtcp-mux), for tests. */
final class Sdp {
    private Sdp() {
    }

    /** One m-section: {@code kind} audio/video, {@code direction} sendonly/recvonly, simulcast q,h,f for video sends. */
    record Section(String mid, String kind, String direction, boolean simulcast) {
        static Section send(String mid, String kind) {
            return new Section(mid, kind, "sendonly", kind.equals("video"));
        }

        static Section recv(String mid, String kind) {
            return new Section(mid, kind, "recvonly", false);
        }
    }

    static String offer(String ufrag, List<Section> sections) {
        StringBuilder b = new StringBuilder();
        b.append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE");
        sections.forEach(s -> b.append(' ').append(s.mid()));
        b.append("\r\na=msid-semantic: WMS\r\n");
        long ssrc = 1000;
        for (Section s : sections) {
            boolean video = s.kind().equals("video");
            b.append("m=").append(s.kind()).append(" 9 UDP/TLS/RTP/SAVPF ").append(video ? "96 97" : "111").append("\r\n");
            b.append("c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n");
            b.append("a=ice-ufrag:").append(ufrag).append("\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n");
            b.append("a=ice-options:trickle\r\n");
            b.append("a=fingerprint:sha-256 ");
            for (int i = 0; i < 32; i++) {
                b.append(i == 0 ? "" : ":").append("AB");
            }
            b.append("\r\na=setup:actpass\r\na=mid:").append(s.mid()).append("\r\n");
            b.append("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n");
            if (video) {
                b.append("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n");
                b.append("a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n");
            } else {
                b.append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n");
            }
            b.append("a=").append(s.direction()).append("\r\n");
            if (s.direction().equals("sendonly")) {
                b.append("a=msid:- track").append(s.mid()).append("\r\n");
            }
            b.append("a=rtcp-mux\r\na=rtcp-rsize\r\n");
            if (video) {
                b.append("a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 transport-cc\r\n");
                b.append("a=rtcp-fb:96 ccm fir\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n");
                b.append("a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n");
            } else {
                b.append("a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");
            }
            if (s.direction().equals("sendonly")) {
                if (s.simulcast()) {
                    b.append("a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f\r\n");
                } else {
                    long main = ssrc++;
                    b.append("a=ssrc:").append(main).append(" cname:test\r\n");
                }
            }
        }
        return b.toString();
    }
}
