package io.sanke.media.transport;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS 1.2 association over an ICE path (BouncyCastle), server or client role,
 * ECDHE_ECDSA suites with the server's ECDSA certificate, {@code use_srtp} with the
 * configured profiles, the peer's certificate checked against the SDP fingerprint.
 * When the handshake completes it hands an {@link SrtpSession} to the listener; on a
 * failure (wrong fingerprint, timeout, alert) it reports the reason and stops. Runs
 * the blocking handshake on its own virtual thread, fed with records by
 * {@link #receive}; does not read the network itself.
 */
public final class DtlsSession {
  private static final Logger log = LoggerFactory.getLogger(DtlsSession.class);

  public enum Role { SERVER, CLIENT }

  /** Outcome of the handshake. */
  public interface Listener {
    void onSrtpReady(SrtpSession srtp);

    void onFailed(String reason);
  }

  private final Role role;
  private final DtlsCertificate certificate;
  private final String remoteFingerprint;
  private final List<SrtpProfile> profiles;
  private final Supplier<IcePath> path;
  private final TransportCounters counters;
  private final Listener listener;
  private final int handshakeTimeoutMillis;
  private final BlockingQueue<byte[]> inbox = new ArrayBlockingQueue<>(256);
  private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
  private volatile boolean closed;
  private volatile Thread thread;
  private volatile SrtpProfile chosen;
  private volatile byte[] keyingMaterial;

  /**
   * @param remoteFingerprint "sha-256 AB:CD:.." from the peer's SDP
   * @param profiles acceptable SRTP profiles, preferred first
   */
  public DtlsSession(Role role, DtlsCertificate certificate, String remoteFingerprint, List<SrtpProfile> profiles,
      Supplier<IcePath> path, TransportCounters counters, int handshakeTimeoutMillis, Listener listener) {
    this.role = role;
    this.certificate = certificate;
    this.remoteFingerprint = remoteFingerprint;
    this.profiles = List.copyOf(profiles);
    this.path = path;
    this.counters = counters;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    this.listener = listener;
  }

  /** Starts the handshake thread; records that arrived earlier are kept in the inbox. */
  public synchronized void start() {
    if (thread == null && !closed) {
      thread = Thread.ofVirtual().name("dtls-" + role).start(this::run);
    }
  }

  /** Queues one DTLS record datagram (copied); drops and counts it when the inbox is full. */
  public void receive(byte[] buf, int off, int len) {
    if (closed) {
      return;
    }
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    if (!inbox.offer(copy)) {
      counters.inc("drop.dtls.inbox");
    }
  }

  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void run() {
    Transport t = new Transport();
    DTLSTransport dtls;
    try {
      if (role == Role.SERVER) {
        DTLSServerProtocol p = new DTLSServerProtocol();
        dtls = p.accept(new Server(), t);
      } else {
        DTLSClientProtocol p = new DTLSClientProtocol();
        dtls = p.connect(new Client(), t);
      }
    } catch (TlsFatalAlert e) {
      fail("dtls.alert." + AlertDescription.getName(e.getAlertDescription()), e);
      return;
    } catch (IOException | RuntimeException e) {
      fail(closed ? "dtls.closed" : "dtls.failed", e);
      return;
    }
    counters.inc("dtls.handshake.ok");
    try {
      listener.onSrtpReady(new SrtpSession(chosen, keyingMaterial, role == Role.CLIENT, counters));
    } catch (RuntimeException e) {
      fail("dtls.srtp", e);
      return;
    }
    // Keep reading so that retransmitted final flights are answered and alerts seen.
    byte[] buf = new byte[2048];
    while (!closed) {
      try {
        int n = dtls.receive(buf, 0, buf.length, 1000);
        if (n > 0) {
          counters.inc("drop.dtls.appdata");
        }
      } catch (IOException e) {
        counters.inc("dtls.closed.by.peer");
        return;
      }
    }
  }

  private void fail(String reason, Exception e) {
    counters.inc("drop." + reason);
    log.debug("DTLS {} failed: {}", role, reason, e);
    if (!closed) {
      listener.onFailed(reason);
    }
  }

  private void verifyPeer(Certificate peer) throws IOException {
    if (peer == null || peer.isEmpty()) {
      throw new TlsFatalAlert(AlertDescription.bad_certificate);
    }
    byte[] der = peer.getCertificateAt(0).getEncoded();
    String expected = remoteFingerprint == null ? null : remoteFingerprint.trim();
    if (expected == null || !expected.regionMatches(true, 0, "sha-256 ", 0, 8)
        || !DtlsCertificate.matches(der, expected.substring(8))) {
      counters.inc("dtls.fingerprint.mismatch");
      throw new TlsFatalAlert(AlertDescription.bad_certificate);
    }
  }

  private void exportKeys(TlsContext context) {
    keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
        SrtpSession.materialLength(chosen));
  }

  private int[] profileIds() {
    return profiles.stream().mapToInt(p -> p.id).toArray();
  }

  private Certificate tlsCertificate() throws IOException {
    TlsCertificate c = crypto.createCertificate(certificate.der());
    return new Certificate(new TlsCertificate[] {c});
  }

  private TlsCredentialedSigner signer(TlsContext context) throws IOException {
    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
        certificate.privateKey(), tlsCertificate(),
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
  }

  private static final int[] SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
  };

  private final class Server extends DefaultTlsServer {
    Server() {
      super(crypto);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
      return TlsUtils.getSupportedCipherSuites(crypto, SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
      return signer(context);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
      Vector<?> algs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
      return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
          algs, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
      verifyPeer(clientCertificate);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
      super.processClientExtensions(clientExtensions);
      UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
      if (d == null) {
        throw new TlsFatalAlert(AlertDescription.handshake_failure);
      }
      for (SrtpProfile p : profiles) {
        for (int offered : d.getProtectionProfiles()) {
          if (offered == p.id) {
            chosen = p;
            return;
          }
        }
      }
      throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Hashtable getServerExtensions() throws IOException {
      Hashtable ext = super.getServerExtensions();
      if (ext == null) {
        ext = new Hashtable();
      }
      TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {chosen.id}, new byte[0]));
      return ext;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
      super.notifyHandshakeComplete();
      exportKeys(context);
    }
  }

  private final class Client extends DefaultTlsClient {
    Client() {
      super(crypto);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
      return TlsUtils.getSupportedCipherSuites(crypto, SUITES);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Hashtable getClientExtensions() throws IOException {
      Hashtable ext = super.getClientExtensions();
      if (ext == null) {
        ext = new Hashtable();
      }
      TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(profileIds(), new byte[0]));
      return ext;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
      super.processServerExtensions(serverExtensions);
      UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
      if (d == null || d.getProtectionProfiles().length != 1) {
        throw new TlsFatalAlert(AlertDescription.illegal_parameter);
      }
      SrtpProfile p = SrtpProfile.byId(d.getProtectionProfiles()[0]);
      if (p == null || !profiles.contains(p)) {
        throw new TlsFatalAlert(AlertDescription.illegal_parameter);
      }
      chosen = p;
    }

    @Override
    public TlsAuthentication getAuthentication() {
      return new TlsAuthentication() {
        @Override
        public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
          verifyPeer(serverCertificate.getCertificate());
        }

        @Override
        public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) throws IOException {
          return signer(context);
        }
      };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
      super.notifyHandshakeComplete();
      exportKeys(context);
    }
  }

  /** Datagram transport over the inbox and the current ICE path. */
  private final class Transport implements DatagramTransport {
    private final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(handshakeTimeoutMillis);

    @Override
    public int getReceiveLimit() {
      return 1500;
    }

    @Override
    public int getSendLimit() {
      return 1200;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
      if (closed) {
        throw new IOException("closed");
      }
      try {
        byte[] d = inbox.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (d == null) {
          if (chosen == null && keyingMaterial == null && System.nanoTime() > deadline) {
            throw new IOException("handshake timeout");
          }
          return -1;
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
      } catch (InterruptedException e) {
        throw new IOException("closed");
      }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
      IcePath p = path.get();
      if (p == null || !p.send(buf, off, len)) {
        counters.inc("dtls.send.fail");
      }
    }

    @Override
    public void close() {
      // the owner closes the path
    }
  }
}
