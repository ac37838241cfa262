package io.sanke.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransportTest {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-21T08:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Two in-memory paths wired to each other's DTLS session. */
  static final class Pipe implements IcePath {
    volatile DtlsSession peer;

    @Override
    public boolean send(byte[] buf, int off, int len) {
      peer.receive(buf, off, len);
      return true;
    }

    @Override
    public InetSocketAddress remote() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
    }

    @Override
    public String protocol() {
      return "mem";
    }
  }

  record Outcome(SrtpSession srtp, String failure) {}

  static DtlsSession.Listener into(CompletableFuture<Outcome> f) {
    return new DtlsSession.Listener() {
      @Override
      public void onSrtpReady(SrtpSession srtp) {
        f.complete(new Outcome(srtp, null));
      }

      @Override
      public void onFailed(String reason) {
        f.complete(new Outcome(null, reason));
      }
    };
  }

  static Outcome[] handshake(List<SrtpProfile> serverProfiles, List<SrtpProfile> clientProfiles, boolean wrongFingerprint)
      throws Exception {
    DtlsCertificate sc = DtlsCertificate.generate(Clock.systemUTC(), Duration.ofDays(30));
    DtlsCertificate cc = DtlsCertificate.generate(Clock.systemUTC(), Duration.ofDays(30));
    DtlsCertificate other = DtlsCertificate.generate(Clock.systemUTC(), Duration.ofDays(30));
    Pipe toClient = new Pipe();
    Pipe toServer = new Pipe();
    var fs = new CompletableFuture<Outcome>();
    var fc = new CompletableFuture<Outcome>();
    TransportCounters counters = new TransportCounters();
    DtlsSession server = new DtlsSession(DtlsSession.Role.SERVER, sc,
        (wrongFingerprint ? other : cc).sdpFingerprint(), serverProfiles, () -> toClient, counters, 5000, into(fs));
    DtlsSession client = new DtlsSession(DtlsSession.Role.CLIENT, cc, sc.sdpFingerprint(), clientProfiles,
        () -> toServer, counters, 5000, into(fc));
    toClient.peer = client;
    toServer.peer = server;
    server.start();
    client.start();
    Outcome s = fs.get(20, TimeUnit.SECONDS);
    Outcome c = wrongFingerprint ? fc.completeOnTimeout(new Outcome(null, "none"), 10, TimeUnit.SECONDS).get()
        : fc.get(20, TimeUnit.SECONDS);
    server.close();
    client.close();
    return new Outcome[] {s, c};
  }

  static byte[] rtp(int ssrc, int seq) {
    byte[] p = new byte[12 + 100];
    p[0] = (byte) 0x80;
    p[1] = 96;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[8] = (byte) (ssrc >> 24);
    p[9] = (byte) (ssrc >> 16);
    p[10] = (byte) (ssrc >> 8);
    p[11] = (byte) ssrc;
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) i;
    }
    return p;
  }

  @Test
  @DisplayName("DTLS keys SRTP with AEAD_AES_128_GCM when both offer it, and media decrypts both ways")
  void dtlsKeysGcm() throws Exception {
    Outcome[] o = handshake(List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80),
        List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM), false);
    assertNull(o[0].failure());
    assertEquals(SrtpProfile.AEAD_AES_128_GCM, o[0].srtp().profile());
    roundTrip(o[0].srtp(), o[1].srtp());
    roundTrip(o[1].srtp(), o[0].srtp());
  }

  @Test
  @DisplayName("DTLS falls back to AES_CM_128_HMAC_SHA1_80 and SRTCP works too")
  void dtlsKeysCm() throws Exception {
    Outcome[] o = handshake(List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80),
        List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80), false);
    assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, o[0].srtp().profile());
    roundTrip(o[1].srtp(), o[0].srtp());
    byte[] pli = {(byte) 0x81, (byte) 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2};
    PacketBuffer enc = o[0].srtp().protectRtcp(pli, 0, pli.length);
    PacketBuffer dec = o[1].srtp().unprotectRtcp(enc.getBuffer(), enc.getOffset(), enc.getLength());
    assertNotNull(dec);
    assertEquals(pli.length, dec.getLength());
  }

  @Test
  @DisplayName("a peer whose certificate does not match the SDP fingerprint is refused")
  void wrongFingerprintIsRefused() throws Exception {
    Outcome[] o = handshake(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80), List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80), true);
    assertNull(o[0].srtp());
    assertTrue(o[0].failure().startsWith("dtls."), o[0].failure());
  }

  @Test
  @DisplayName("SRTP with a wrong tag and a replayed packet are dropped and counted")
  void wrongTagAndReplayAreDropped() throws Exception {
    Outcome[] o = handshake(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80), List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80), false);
    SrtpSession tx = o[1].srtp();
    SrtpSession rx = o[0].srtp();
    byte[] p = rtp(1234, 7);
    PacketBuffer enc = tx.protectRtp(p, 0, p.length);
    byte[] bad = java.util.Arrays.copyOfRange(enc.getBuffer(), enc.getOffset(), enc.getOffset() + enc.getLength());
    bad[bad.length - 1] ^= 1;
    byte[] good = java.util.Arrays.copyOfRange(enc.getBuffer(), enc.getOffset(), enc.getOffset() + enc.getLength());
    assertNull(rx.unprotectRtp(bad, 0, bad.length));
    assertNotNull(rx.unprotectRtp(good.clone(), 0, good.length));
    assertNull(rx.unprotectRtp(good.clone(), 0, good.length));
    assertTrue(o[0].srtp() != null);
  }

  static void roundTrip(SrtpSession tx, SrtpSession rx) {
    for (int seq = 1; seq < 20; seq++) {
      byte[] p = rtp(0x11223344, seq);
      PacketBuffer enc = tx.protectRtp(p, 0, p.length);
      assertNotNull(enc);
      assertTrue(enc.getLength() > p.length);
      PacketBuffer dec = rx.unprotectRtp(enc.getBuffer(), enc.getOffset(), enc.getLength());
      assertNotNull(dec);
      assertArrayEquals(p, java.util.Arrays.copyOfRange(dec.getBuffer(), dec.getOffset(), dec.getOffset() + dec.getLength()));
    }
  }

  @Test
  @DisplayName("the shared UDP port answers a valid check, routes media by address and expires consent")
  void udpMuxAnswersChecksAndExpiresConsent() throws Exception {
    ManualClock clock = new ManualClock();
    TransportCounters counters = new TransportCounters();
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicReference<IcePath> selected = new AtomicReference<>();
    try (UdpMux mux = new UdpMux(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), clock,
        Duration.ofSeconds(30), counters);
        DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      IceLiteEndpoint e = mux.register("srvufrag", "serverpasswordserverpass", new IceEndpointListener() {
        @Override
        public void onCheck(IcePath path, boolean nominated) {
          selected.set(path);
          events.add("check:" + nominated);
        }

        @Override
        public void onPacket(IcePath path, PacketKind kind, byte[] buf, int off, int len) {
          events.add(kind.name());
        }

        @Override
        public void onConsentExpired() {
          events.add("expired");
        }
      });
      peer.setSoTimeout(5000);
      InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), mux.port());
      byte[] wrong = StunTestMessages.bindingRequest("srvufrag:cli", "not-the-password-at-all", true);
      peer.send(new DatagramPacket(wrong, wrong.length, server));
      byte[] early = rtp(1, 1);
      peer.send(new DatagramPacket(early, early.length, server));
      byte[] req = StunTestMessages.bindingRequest("srvufrag:cli", "serverpasswordserverpass", true);
      peer.send(new DatagramPacket(req, req.length, server));
      DatagramPacket resp = new DatagramPacket(new byte[1500], 1500);
      peer.receive(resp);
      assertEquals(0x01, resp.getData()[0]);
      assertEquals(0x01, resp.getData()[1]);
      assertTrue(StunMessages.integrityValid(resp.getData(), 0, resp.getLength(), "serverpasswordserverpass"));
      byte[] media = rtp(1, 2);
      peer.send(new DatagramPacket(media, media.length, server));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!events.contains("RTP") && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      assertEquals(List.of("check:true", "RTP"), events);
      assertEquals(1, counters.get("drop.stun.integrity"));
      assertEquals(1, counters.get("drop.unbound"));
      assertEquals(peer.getLocalPort(), e.selectedPath().remote().getPort());
      clock.advance(Duration.ofSeconds(29));
      mux.checkConsent();
      assertEquals(2, events.size());
      clock.advance(Duration.ofSeconds(2));
      mux.checkConsent();
      assertEquals("expired", events.get(2));
      assertTrue(e.isClosed());
    }
  }
}
