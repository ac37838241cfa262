package io.sanke.media.server;

import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A receive-only endpoint on a real UDP socket, for tests that read what the SFU puts on the
 * wire: it answers the SFU's offer (echoing its payload types and extensions, DTLS active),
 * sends one ICE check, runs the DTLS client, decrypts the RTP that arrives and can send RTCP
 * (NACKs). No libwebrtc: it checks nothing a browser would. Test code only.
 */
final class SrtpReceiver implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress sfu;
  private final DtlsCertificate certificate = DtlsCertificate.generate(Clock.systemUTC(), Duration.ofDays(1));
  private final TransportCounters counters = new TransportCounters();
  private final BlockingQueue<RtpPacket> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<SrtpSession> srtp = new CompletableFuture<>();
  private final Thread reader;
  private volatile DtlsSession dtls;

  SrtpReceiver(int sfuPort) throws IOException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    sfu = new InetSocketAddress(InetAddress.getLoopbackAddress(), sfuPort);
    reader = Thread.ofPlatform().daemon().name("srtp-receiver").start(this::read);
  }

  /** The answer to the SFU's offer: the same m-sections, recvonly, our ICE and DTLS lines, no SSRCs. */
  String answer(String offer) {
    StringBuilder b = new StringBuilder();
    for (String line : offer.split("\r\n")) {
      if (line.startsWith("a=ice-lite") || line.startsWith("a=candidate") || line.startsWith("a=end-of-candidates")
          || line.startsWith("a=ssrc") || line.startsWith("a=msid:")) {
        continue;
      }
      if (line.startsWith("o=")) {
        line = "o=- 1 1 IN IP4 127.0.0.1";
      } else if (line.startsWith("a=ice-ufrag:")) {
        line = "a=ice-ufrag:rcvr";
      } else if (line.startsWith("a=ice-pwd:")) {
        line = "a=ice-pwd:receiverpasswordreceiverpw";
      } else if (line.startsWith("a=fingerprint:")) {
        line = "a=fingerprint:" + certificate.sdpFingerprint();
      } else if (line.equals("a=setup:actpass")) {
        line = "a=setup:active";
      } else if (line.equals("a=sendonly")) {
        line = "a=recvonly";
      }
      b.append(line).append("\r\n");
    }
    return b.toString();
  }

  /** ICE check with USE-CANDIDATE, then the DTLS handshake as client; returns once SRTP is keyed. */
  void connect(String sfuUfrag, String sfuPassword, String sfuFingerprint) throws Exception {
    byte[] check = StunTestMessages.bindingRequest(sfuUfrag + ":rcvr", sfuPassword, true);
    socket.send(new DatagramPacket(check, check.length, sfu));
    IcePath path = new IcePath() {
      @Override
      public boolean send(byte[] buf, int off, int len) {
        try {
          socket.send(new DatagramPacket(buf, off, len, sfu));
          return true;
        } catch (IOException e) {
          return false;
        }
      }

      @Override
      public InetSocketAddress remote() {
        return sfu;
      }

      @Override
      public String protocol() {
        return "udp";
      }
    };
    dtls = new DtlsSession(DtlsSession.Role.CLIENT, certificate, sfuFingerprint,
        List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80), () -> path, counters, 10_000,
        new DtlsSession.Listener() {
          @Override
          public void onSrtpReady(SrtpSession s) {
            srtp.complete(s);
          }

          @Override
          public void onFailed(String reason) {
            srtp.completeExceptionally(new IllegalStateException("DTLS failed: " + reason));
          }
        });
    dtls.start();
    srtp.get(15, TimeUnit.SECONDS);
  }

  private void read() {
    byte[] buf = new byte[2048];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        return;
      }
      int first = buf[0] & 0xff;
      DtlsSession d = dtls;
      if (first >= 20 && first <= 63 && d != null) {
        d.receive(buf, 0, p.getLength());
      } else if (first >= 128 && first <= 191 && srtp.isDone() && !srtp.isCompletedExceptionally()) {
        int second = buf[1] & 0xff;
        if (second >= 192 && second <= 223) {
          continue; // RTCP: sender reports and the like, not looked at here
        }
        PacketBuffer plain = srtp.join().unprotectRtp(buf, 0, p.getLength());
        if (plain != null) {
          received.add(RtpPacket.parse(plain.getBuffer(), plain.getOffset(), plain.getLength()).copy());
        }
      }
    }
  }

  /** The next decrypted RTP packet, waiting up to 5 s; null when none came. */
  RtpPacket next() throws InterruptedException {
    return received.poll(5, TimeUnit.SECONDS);
  }

  /** Every packet until {@code n} have come (or 5 s pass without one). */
  List<RtpPacket> next(int n) throws InterruptedException {
    List<RtpPacket> out = new ArrayList<>();
    while (out.size() < n) {
      RtpPacket p = next();
      if (p == null) {
        break;
      }
      out.add(p);
    }
    return out;
  }

  void sendRtcp(RtcpPacket packet) throws IOException {
    byte[] plain = RtcpPacket.serialize(List.of(packet));
    PacketBuffer enc = srtp.join().protectRtcp(plain, 0, plain.length);
    socket.send(new DatagramPacket(enc.getBuffer(), enc.getOffset(), enc.getLength(), sfu));
  }

  @Override
  public void close() {
    DtlsSession d = dtls;
    if (d != null) {
      d.close();
    }
    socket.close();
    try {
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
