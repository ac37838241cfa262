package io.sanke.media.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import io.sanke.media.server.WebRtcTransport;
import io.sanke.media.transport.DtlsCertificate;
import io.sanke.media.transport.DtlsSession;
import io.sanke.media.transport.IcePath;
import io.sanke.media.transport.PacketBuffer;
import io.sanke.media.transport.SrtpProfile;
import io.sanke.media.transport.SrtpSession;
import io.sanke.media.transport.StunTestMessages;
import io.sanke.media.transport.TransportCounters;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Garbage and hostile peers on the shared port while a real publisher and subscriber
 * keep going: every bad datagram is dropped and counted, nothing escapes, media continues.
 */
@Tag("netns")
class BadInputE2ETest {

  /** A hand-made endpoint: a UDP socket, our own ICE checks and our own DTLS client. */
  static final class RawPeer implements AutoCloseable {
    final DatagramSocket socket;
    final InetSocketAddress server;
    final TransportCounters counters = new TransportCounters();
    volatile DtlsSession dtls;
    private volatile boolean running = true;

    RawPeer(InetSocketAddress server) throws IOException {
      this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("198.18.0.2"), 0));
      this.server = server;
      Thread.ofPlatform().daemon().name("raw-peer").start(() -> {
        byte[] buf = new byte[2048];
        while (running) {
          try {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            int b0 = buf[0] & 0xff;
            DtlsSession d = dtls;
            if (b0 >= 20 && b0 <= 63 && d != null) {
              d.receive(buf, 0, p.getLength());
            }
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    void send(byte[] b) throws IOException {
      socket.send(new DatagramPacket(b, b.length, server));
    }

    IcePath path() {
      return new IcePath() {
        @Override
        public boolean send(byte[] buf, int off, int len) {
          try {
            socket.send(new DatagramPacket(buf, off, len, server));
            return true;
          } catch (IOException e) {
            return false;
          }
        }

        @Override
        public InetSocketAddress remote() {
          return server;
        }

        @Override
        public String protocol() {
          return "udp";
        }
      };
    }

    /** ICE check with the transport's credentials, then a DTLS client with {@code cert}. */
    CompletableFuture<Object> connect(Reply.TransportCreated t, DtlsCertificate cert) throws IOException {
      send(StunTestMessages.bindingRequest(t.iceUfrag() + ":evil", t.icePassword(), true));
      CompletableFuture<Object> result = new CompletableFuture<>();
      dtls = new DtlsSession(DtlsSession.Role.CLIENT, cert, t.dtlsFingerprint(),
          List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80), this::path, counters, 5000, new DtlsSession.Listener() {
            @Override
            public void onSrtpReady(SrtpSession srtp) {
              result.complete(srtp);
            }

            @Override
            public void onFailed(String reason) {
              result.complete(reason);
            }
          });
      dtls.start();
      return result;
    }

    @Override
    public void close() {
      running = false;
      DtlsSession d = dtls;
      if (d != null) {
        d.close();
      }
      socket.close();
    }
  }

  static String offer(DtlsCertificate cert) {
    return String.join("\r\n", "v=0", "o=- 1 1 IN IP4 198.18.0.2", "s=-", "t=0 0", "a=group:BUNDLE 0",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=ice-ufrag:evil",
        "a=ice-pwd:evilevilevilevilevilevil", "a=fingerprint:" + cert.sdpFingerprint(), "a=setup:active",
        "a=mid:0", "a=sendonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=ssrc:1111 cname:evil", "");
  }

  static byte[] rtp(int seq) {
    byte[] p = new byte[12 + 40];
    p[0] = (byte) 0x80;
    p[1] = 111;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[11] = 0x57;
    p[10] = 0x04;
    return p;
  }

  @Test
  @DisplayName("10,000 bad datagrams, malformed STUN, a wrong DTLS fingerprint and a bad SRTP tag are dropped and counted while media continues")
  void badInputIsDroppedAndCounted() throws Exception {
    try (Sfu sfu = new Sfu(); WebRtcPeer pub = WebRtcPeer.publisher(320, 240); WebRtcPeer sub = WebRtcPeer.subscriber(1, 1)) {
      Sfu.Published p = sfu.publish("pub", pub);
      sfu.subscribe("sub", sub, p);
      String mid = sub.mids().get(0);
      Await.until(Duration.ofSeconds(20), () -> sub.frames(mid) >= 30, () -> "frames " + sub.frames(mid));
      InetSocketAddress server = new InetSocketAddress("198.18.0.1", sfu.server.udpPort());
      var mux = sfu.muxCounters();

      // 1. 10,000 random and truncated datagrams, paced so the kernel drops none of them.
      Random random = new Random(42);
      long dropsBefore = mux.sum("drop.");
      long inBefore = mux.get("udp.in");
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("198.18.0.2"), 0))) {
        byte[] stunLike = StunTestMessages.bindingRequest("nobody:x", "whatever", false);
        for (int i = 0; i < 10_000; i++) {
          byte[] b;
          switch (i % 4) {
            case 0 -> {
              b = new byte[random.nextInt(1500)];
              random.nextBytes(b);
            }
            case 1 -> b = java.util.Arrays.copyOf(stunLike, random.nextInt(stunLike.length + 1));
            case 2 -> {
              b = new byte[1 + random.nextInt(200)];
              random.nextBytes(b);
              b[0] = (byte) (20 + random.nextInt(44));
            }
            default -> {
              b = new byte[1 + random.nextInt(300)];
              random.nextBytes(b);
              b[0] = (byte) (128 + random.nextInt(64));
            }
          }
          s.send(new DatagramPacket(b, b.length, server));
          if (i % 200 == 199) {
            long expect = inBefore + i + 1;
            Await.until(Duration.ofSeconds(10), () -> mux.get("udp.in") >= expect, () -> "udp.in " + mux.get("udp.in"));
          }
        }
      }
      Await.until(Duration.ofSeconds(10), () -> mux.sum("drop.") - dropsBefore >= 10_000,
          () -> "drops " + (mux.sum("drop.") - dropsBefore) + " " + mux.snapshot());

      // 2. Malformed STUN: bad length, overrunning attribute, unknown ufrag, wrong integrity.
      Reply.TransportCreated evil = sfu.control.execute(new Command.CreateWebRtcTransport("room", "evil"));
      DtlsCertificate mine = DtlsCertificate.generate(Clock.systemUTC(), Duration.ofDays(1));
      DtlsCertificate other = DtlsCertificate.generate(Clock.systemUTC(), Duration.ofDays(1));
      sfu.control.execute(new Command.ProcessOffer("evil", offer(other)));
      long stunDrops = mux.sum("drop.stun.");
      try (RawPeer raw = new RawPeer(server)) {
        byte[] ok = StunTestMessages.bindingRequest(evil.iceUfrag() + ":evil", evil.icePassword(), true);
        byte[] badLength = ok.clone();
        badLength[3] ^= 0x10;
        byte[] overrun = ok.clone();
        overrun[23] = (byte) 0xff;
        raw.send(badLength);
        raw.send(overrun);
        raw.send(StunTestMessages.bindingRequest("nosuchufrag:evil", evil.icePassword(), true));
        raw.send(StunTestMessages.bindingRequest(evil.iceUfrag() + ":evil", "wrong-password-wrong-pass", true));
        Await.until(Duration.ofSeconds(5), () -> mux.sum("drop.stun.") >= stunDrops + 4,
            () -> "stun drops " + (mux.sum("drop.stun.") - stunDrops) + " " + mux.snapshot());

        // 3. DTLS with a certificate that is not the one in the offer.
        WebRtcTransport evilTransport = sfu.server.router("room").webRtcTransport("evil");
        Object outcome = raw.connect(evil, mine).get(20, TimeUnit.SECONDS);
        assertTrue(outcome instanceof String, "the handshake must fail, got " + outcome);
        Await.until(Duration.ofSeconds(10), () -> evilTransport.counters().get("dtls.fingerprint.mismatch") == 1,
            () -> "evil counters " + evilTransport.counters().snapshot());
        Await.until(Duration.ofSeconds(5), () -> sfu.server.router("room").webRtcTransport("evil") == null,
            () -> "the transport with the wrong fingerprint is still open");
      }

      // 4. SRTP with a wrong authentication tag on an otherwise good transport.
      Reply.TransportCreated good = sfu.control.execute(new Command.CreateWebRtcTransport("room", "raw"));
      sfu.control.execute(new Command.ProcessOffer("raw", offer(mine)));
      WebRtcTransport rawTransport = sfu.server.router("room").webRtcTransport("raw");
      try (RawPeer raw = new RawPeer(server)) {
        Object outcome = raw.connect(good, mine).get(20, TimeUnit.SECONDS);
        assertTrue(outcome instanceof SrtpSession, "handshake with the right certificate, got " + outcome);
        SrtpSession srtp = (SrtpSession) outcome;
        Await.until(Duration.ofSeconds(5), rawTransport::isConnected, () -> "raw transport not connected");
        for (int seq = 1; seq <= 10; seq++) {
          byte[] plain = rtp(seq);
          PacketBuffer enc = srtp.protectRtp(plain, 0, plain.length);
          byte[] wire = java.util.Arrays.copyOfRange(enc.getBuffer(), enc.getOffset(), enc.getOffset() + enc.getLength());
          if (seq % 2 == 0) {
            wire[wire.length - 1] ^= 0x5a;
          }
          raw.send(wire);
        }
        Await.until(Duration.ofSeconds(5), () -> rawTransport.counters().get("drop.srtp.in.auth_fail") == 5
                && rawTransport.counters().get("srtp.in") == 5,
            () -> "raw counters " + rawTransport.counters().snapshot());
        String producer = rawTransport.producers().get(0).id();
        assertEquals(5, sfu.control.execute(new Command.GetStats(Command.Kind.PRODUCER, producer)).counters()
            .get("packets.in"));
      }

      // Nothing escaped, and the real subscriber is still decoding.
      assertEquals(0, mux.get("drop.exception"), "no handler threw");
      int framesNow = sub.frames(mid);
      Await.until(Duration.ofSeconds(10), () -> sub.frames(mid) >= framesNow + 30,
          () -> "frames after the bad input " + (sub.frames(mid) - framesNow));
      assertNotNull(sfu.server.router("room").webRtcTransport("sub"));
      assertNull(sfu.server.router("room").webRtcTransport("evil"));
      System.out.println("bad input counters: " + mux.snapshot());
    }
  }
}
