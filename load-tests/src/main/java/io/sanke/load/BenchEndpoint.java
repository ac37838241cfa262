package io.sanke.load;

import java.io.IOException;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One endpoint of the load generator: a UDP socket, ICE checks, a DTLS client (BouncyCastle)
 * and SRTP (jitsi-srtp), all its own, so the generator knows none of the SFU's classes.
 */
final class BenchEndpoint implements SfuForwardingBench.Receiver {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final DatagramSocket socket;
  private final InetSocketAddress sfu;
  private final String ufrag = "gen" + Integer.toHexString(RANDOM.nextInt(0xffff));
  private final byte[] certDer;
  private final org.bouncycastle.crypto.params.AsymmetricKeyParameter key;
  private SrtpContextFactory sendFactory;
  private SrtpContextFactory receiveFactory;
  private SrtpCryptoContext sendContext;
  private SrtpCryptoContext receiveContext;
  private long receiveContextSsrc = -1;
  private DatagramPacket receivePacket;
  private Buf receiveBuf;
  private int wire;
  private final Buf sendBuf = new Buf(new byte[2048], 0);
  private final DatagramPacket sendPacket = new DatagramPacket(new byte[0], 0);

  BenchEndpoint(InetSocketAddress sfu) throws Exception {
    this.sfu = sfu;
    this.sendPacket.setSocketAddress(sfu);
    this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    socket.setReceiveBufferSize(4 << 20);
    socket.setSendBufferSize(4 << 20);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=bench");
    long now = System.currentTimeMillis();
    this.certDer = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 86_400_000L),
        new Date(now + 86_400_000L), name, kp.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
    this.key = PrivateKeyFactory.createKey(kp.getPrivate().getEncoded());
  }

  static String fingerprint(byte[] der) throws Exception {
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
  }

  String offer(String direction, long ssrc) throws Exception {
    List<String> l = new ArrayList<>(List.of("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=bench", "t=0 0",
        "a=group:BUNDLE 0", "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=ice-ufrag:" + ufrag,
        "a=ice-pwd:benchbenchbenchbenchbench", "a=fingerprint:sha-256 " + fingerprint(certDer), "a=setup:active",
        "a=mid:0", "a=" + direction, "a=rtcp-mux", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack",
        "a=rtcp-fb:96 nack pli"));
    if (ssrc != 0) {
      l.add("a=ssrc:" + ssrc + " cname:bench");
    }
    return String.join("\r\n", l) + "\r\n";
  }

  /** ICE check with USE-CANDIDATE, then the DTLS handshake and the SRTP keys. */
  void connect(String iceUfrag, String icePassword, String dtlsFingerprint) throws Exception {
    socket.setSoTimeout(200);
    byte[] req = bindingRequest(iceUfrag + ":" + ufrag, icePassword);
    byte[] buf = new byte[2048];
    for (int attempt = 0; ; attempt++) {
      socket.send(new DatagramPacket(req, req.length, sfu));
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        if (buf[0] == 0x01 && buf[1] == 0x01) {
          break;
        }
      } catch (SocketTimeoutException e) {
        if (attempt > 20) {
          throw new IOException("no ICE response from the SFU");
        }
      }
    }
    BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    byte[][] material = new byte[1][];
    String expected = dtlsFingerprint.substring(dtlsFingerprint.indexOf(' ') + 1);
    DefaultTlsClient client = new DefaultTlsClient(crypto) {
      @Override
      protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
      }

      @Override
      protected int[] getSupportedCipherSuites() {
        return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
      }

      @Override
      @SuppressWarnings({"rawtypes", "unchecked"})
      public Hashtable getClientExtensions() throws IOException {
        Hashtable ext = super.getClientExtensions();
        TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {0x0007}, new byte[0]));
        return ext;
      }

      @Override
      public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
          @Override
          public void notifyServerCertificate(TlsServerCertificate c) throws IOException {
            try {
              if (!fingerprint(c.getCertificate().getCertificateAt(0).getEncoded()).equals(expected)) {
                throw new TlsFatalAlert((short) 42);
              }
            } catch (IOException e) {
              throw e;
            } catch (Exception e) {
              throw new IOException(e);
            }
          }

          @Override
          public TlsCredentials getClientCredentials(CertificateRequest r) throws IOException {
            TlsCertificate c = crypto.createCertificate(certDer);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key,
                new Certificate(new TlsCertificate[] {c}),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
          }
        };
      }

      @Override
      public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        material[0] = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (16 + 12));
      }
    };
    new DTLSClientProtocol().connect(client, new DatagramTransport() {
      @Override
      public int getReceiveLimit() {
        return 1500;
      }

      @Override
      public int getSendLimit() {
        return 1200;
      }

      @Override
      public int receive(byte[] b, int off, int len, int wait) throws IOException {
        socket.setSoTimeout(Math.max(1, wait));
        DatagramPacket p = new DatagramPacket(b, off, len);
        try {
          socket.receive(p);
        } catch (SocketTimeoutException e) {
          return -1;
        }
        int b0 = b[off] & 0xff;
        return b0 >= 20 && b0 <= 63 ? p.getLength() : -1;
      }

      @Override
      public void send(byte[] b, int off, int len) throws IOException {
        socket.send(new DatagramPacket(b, off, len, sfu));
      }

      @Override
      public void close() {
      }
    });
    byte[] m = material[0];
    byte[] clientKey = Arrays.copyOfRange(m, 0, 16);
    byte[] serverKey = Arrays.copyOfRange(m, 16, 32);
    byte[] clientSalt = Arrays.copyOfRange(m, 32, 44);
    byte[] serverSalt = Arrays.copyOfRange(m, 44, 56);
    var log = new LoggerImpl("bench", java.util.logging.Level.WARNING);
    sendFactory = new SrtpContextFactory(true, clientKey, clientSalt, gcm(), gcm(), log);
    receiveFactory = new SrtpContextFactory(false, serverKey, serverSalt, gcm(), gcm(), log);
    socket.setSoTimeout(500);
    keepConsent(req);
  }

  private static SrtpPolicy gcm() {
    return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
  }

  /** Sends the plain RTP packet {@code plain[0, len)} as SRTP from {@code ssrc}. */
  void sendSrtp(byte[] plain, int len, long ssrc) throws IOException {
    try {
      if (sendContext == null) {
        sendContext = sendFactory.deriveContext((int) ssrc, 0);
      }
      ByteBuffer.wrap(plain, 8, 4).putInt((int) ssrc);
      System.arraycopy(plain, 0, sendBuf.buf, 0, len);
      sendBuf.len = len;
      if (sendContext.transformPacket(sendBuf) != SrtpErrorStatus.OK) {
        throw new IOException("SRTP protect failed");
      }
      sendPacket.setData(sendBuf.buf, 0, sendBuf.len);
      socket.send(sendPacket);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  @Override
  public int receive(byte[] buf, long ssrc) throws IOException {
    // Nothing allocated per packet: the generator's own collections would show up as latency.
    if (receivePacket == null || receivePacket.getData() != buf) {
      receivePacket = new DatagramPacket(buf, buf.length);
      receiveBuf = new Buf(buf, 0);
    }
    receivePacket.setLength(buf.length);
    try {
      socket.receive(receivePacket);
    } catch (SocketTimeoutException e) {
      return 0;
    }
    int b0 = buf[0] & 0xff;
    int pt = buf[1] & 0x7f;
    if (b0 < 128 || b0 > 191 || (buf[1] & 0xff) >= 192 && (buf[1] & 0xff) <= 223 || pt != 96) {
      return 0;
    }
    long s = (buf[8] & 0xffL) << 24 | (buf[9] & 0xff) << 16 | (buf[10] & 0xff) << 8 | (buf[11] & 0xff);
    if (s != ssrc) {
      return 0;
    }
    try {
      if (receiveContext == null || receiveContextSsrc != s) {
        receiveContext = receiveFactory.deriveContext((int) s, 0);
        receiveContextSsrc = s;
      }
      receiveBuf.len = receivePacket.getLength();
      if (receiveContext.reverseTransformPacket(receiveBuf, false) != SrtpErrorStatus.OK) {
        return 0;
      }
      wire = receivePacket.getLength();
      return receiveBuf.len;
    } catch (java.security.GeneralSecurityException e) {
      return 0;
    }
  }

  @Override
  public int wireLength() {
    return wire;
  }

  /** ICE consent freshness (RFC 7675): a binding request every 2 s, or the SFU closes the transport after 30 s. */
  private void keepConsent(byte[] request) {
    Thread.ofPlatform().daemon().name("bench-consent").start(() -> {
      DatagramPacket p = new DatagramPacket(request, request.length, sfu);
      while (!socket.isClosed()) {
        try {
          socket.send(p);
          Thread.sleep(2000);
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    });
  }

  @Override
  public void close() {
    socket.close();
  }

  static byte[] bindingRequest(String username, String password) throws Exception {
    byte[] user = username.getBytes(StandardCharsets.UTF_8);
    int padded = (user.length + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(20 + 4 + padded + 4 + 24 + 8);
    byte[] tid = new byte[12];
    RANDOM.nextBytes(tid);
    b.putShort((short) 1).putShort((short) 0).putInt(0x2112A442).put(tid);
    b.putShort((short) 0x0006).putShort((short) user.length).put(user);
    b.position(b.position() + padded - user.length);
    b.putShort((short) 0x0025).putShort((short) 0);
    int mi = b.position();
    b.putShort(2, (short) (mi - 20 + 24));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    mac.update(b.array(), 0, mi);
    b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
    int fp = b.position();
    b.putShort(2, (short) (fp - 20 + 8));
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, fp);
    b.putShort((short) 0x8028).putShort((short) 4).putInt((int) (crc.getValue() ^ 0x5354554eL));
    return b.array();
  }

  /** The byte region jitsi-srtp transforms. */
  static final class Buf implements ByteArrayBuffer {
    byte[] buf;
    int len;

    Buf(byte[] buf, int len) {
      this.buf = buf;
      this.len = len;
    }

    @Override
    public byte[] getBuffer() {
      return buf;
    }

    @Override
    public int getOffset() {
      return 0;
    }

    @Override
    public int getLength() {
      return len;
    }

    @Override
    public void setLength(int l) {
      len = l;
    }

    @Override
    public void setOffset(int o) {
      if (o != 0) {
        throw new UnsupportedOperationException();
      }
    }

    @Override
    public boolean isInvalid() {
      return false;
    }

    @Override
    public void readRegionToBuff(int off, int l, byte[] out) {
      System.arraycopy(buf, off, out, 0, l);
    }

    @Override
    public void grow(int n) {
      if (buf.length - len < n) {
        buf = Arrays.copyOf(buf, len + n);
      }
    }

    @Override
    public void append(byte[] data, int l) {
      grow(l);
      System.arraycopy(data, 0, buf, len, l);
      len += l;
    }

    @Override
    public void shrink(int n) {
      len -= n;
    }
  }
}
