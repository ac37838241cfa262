package io.sanke.media.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.api.Command;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H.264 forwarding, passive ICE-TCP and plain RTP egress, with real peers in the namespace. */
@Tag("netns")
class CodecsAndTransportsE2ETest {

  @Test
  @DisplayName("H.264 (packetization-mode 1) is forwarded and decoded at the right size")
  void h264IsForwarded() throws Exception {
    try (Sfu sfu = new Sfu(); WebRtcPeer pub = WebRtcPeer.publisher(320, 240); WebRtcPeer sub = WebRtcPeer.subscriber(1, 1)) {
      pub.preferVideoCodec("H264");
      Sfu.Published p = sfu.publish("pub", pub);
      assertEquals("H264", sfu.server.router("room").producer(p.video()).codec().name());
      sfu.subscribe("sub", sub, p);
      String mid = sub.mids().get(0);
      Await.until(Duration.ofSeconds(20), () -> sub.frames(mid) >= 30,
          () -> "frames " + sub.frames(mid) + " consumer " + sfu.stats(Command.Kind.CONSUMER, "sub-video"));
      WebRtcPeer.Decoded last = sub.decoded().get(sub.decoded().size() - 1);
      assertEquals(320, last.width());
      assertEquals(240, last.height());
    }
  }

  @Test
  @DisplayName("a subscriber without UDP connects over passive ICE-TCP and decodes")
  void iceTcpOnly() throws Exception {
    try (Sfu sfu = new Sfu(); WebRtcPeer pub = WebRtcPeer.publisher(320, 240);
        WebRtcPeer sub = WebRtcPeer.subscriber(1, 1, true)) {
      Sfu.Published p = sfu.publish("pub", pub);
      sfu.subscribe("sub", sub, p);
      String mid = sub.mids().get(0);
      Await.until(Duration.ofSeconds(20), () -> sub.frames(mid) >= 30,
          () -> "frames " + sub.frames(mid) + " mux " + sfu.muxCounters().snapshot());
      assertTrue(sfu.muxCounters().get("tcp.in") > 0, "media came over ICE-TCP");
      assertTrue(sfu.muxCounters().get("tcp.out") > 0, "media went over ICE-TCP");
      assertEquals(320, sub.decoded().get(sub.decoded().size() - 1).width());
    }
  }

  @Test
  @DisplayName("a subscriber reaches the SFU over IPv6 when only the IPv6 candidate is offered")
  void ipv6Candidate() throws Exception {
    try (Sfu sfu = new Sfu(); WebRtcPeer pub = WebRtcPeer.publisher(320, 240); WebRtcPeer sub = WebRtcPeer.subscriber(1, 1)) {
      assertTrue(sfu.server.candidates().stream().anyMatch(c -> c.address().equals("2001:2:0:0:0:0:0:1")
          || c.address().equals("2001:2::1")), "an IPv6 host candidate: " + sfu.server.candidates());
      Sfu.Published p = sfu.publish("pub", pub);
      sfu.subscribe("sub", sub, p, answer -> answer.replaceAll("a=candidate:[^\r\n]* 198\\.18\\.[^\r\n]*\r\n", "")
          .replaceAll("a=candidate:tcp[^\r\n]*\r\n", ""));
      String mid = sub.mids().get(0);
      Await.until(Duration.ofSeconds(20), () -> sub.frames(mid) >= 30,
          () -> "frames " + sub.frames(mid) + " sub counters " + sfu.transportCounters("sub"));
      var path = sfu.server.router("room").webRtcTransport("sub").selectedPath();
      assertTrue(path.remote().getAddress() instanceof java.net.Inet6Address, "selected path " + path.remote());
    }
  }

  /** An even port p with p and p + 2 free on loopback (video and audio of the recording). */
  private static int freeEvenPortPair() throws IOException {
    for (int i = 0; i < 50; i++) {
      int port;
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort() & ~1;
      }
      if (free(port) && free(port + 2)) {
        return port;
      }
    }
    throw new IOException("no free even port pair");
  }

  private static boolean free(int port) {
    try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
      return s.isBound();
    } catch (IOException busy) {
      return false;
    }
  }

  @Test
  @DisplayName("plain RTP egress sends decrypted VP8 and Opus that FFmpeg opens from the SDP and decodes")
  void plainRtpEgressOpensInFfmpeg(@TempDir Path dir) throws Exception {
    try (Sfu sfu = new Sfu(); WebRtcPeer pub = WebRtcPeer.publisher(320, 240)) {
      Sfu.Published p = sfu.publish("pub", pub);
      int port = freeEvenPortPair();
      sfu.control.execute(new Command.CreatePlainRtpTransport("room", "rec", "127.0.0.1", port));
      sfu.control.execute(new Command.CreateConsumer("rec", "rec-video", p.video(), null));
      sfu.control.execute(new Command.CreateConsumer("rec", "rec-audio", p.audio(), null));
      String sdp = sfu.control.plainSdp("rec");
      assertTrue(sdp.contains("m=video " + port + " RTP/AVP 96"), sdp);
      assertTrue(sdp.contains("m=audio " + (port + 2) + " RTP/AVP 111"), sdp);
      Path file = dir.resolve("rec.sdp");
      Files.writeString(file, sdp);

      CompletableFuture<Frame> firstImage = CompletableFuture.supplyAsync(() -> {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toString())) {
          g.setFormat("sdp");
          g.setOption("protocol_whitelist", "file,udp,rtp");
          g.setOption("analyzeduration", "2000000");
          g.setOption("reorder_queue_size", "0");
          g.start();
          for (int i = 0; i < 300; i++) {
            Frame f = g.grabImage();
            if (f != null && f.imageWidth > 0) {
              Frame copy = new Frame();
              copy.imageWidth = f.imageWidth;
              copy.imageHeight = f.imageHeight;
              return copy;
            }
          }
          return null;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // The grabber needs a keyframe to learn the size: keep asking until it has one.
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!firstImage.isDone() && System.nanoTime() < end) {
        sfu.control.execute(new Command.RequestKeyFrame("rec-video"));
        Thread.sleep(500);
      }
      Frame f = firstImage.get(1, TimeUnit.SECONDS);
      assertNotNull(f, "FFmpeg decoded no picture");
      assertEquals(320, f.imageWidth);
      assertEquals(240, f.imageHeight);
      assertTrue(sfu.server.router("room").plainTransport("rec").counters().get("rtp.out") > 0);
    }
  }
}
