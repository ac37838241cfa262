package io.sanke.media.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ICE-lite agent (RFC 8445 §2.5): it never sends checks, it answers the peer's
 * checks on the shared port, remembers the paths that passed them and picks the last
 * nominated one for sending. Consent freshness (RFC 7675): every valid check renews
 * consent; {@link #consentExpired()} tells when none came for the timeout.
 */
public final class IceLiteEndpoint {
  private final String ufrag;
  private final String password;
  private final IceEndpointListener listener;
  private final Clock clock;
  private final Duration consentTimeout;
  private final Set<IcePath> validPaths = ConcurrentHashMap.newKeySet();
  private volatile IcePath selected;
  private volatile Instant lastConsent;
  private volatile boolean closed;

  IceLiteEndpoint(String ufrag, String password, IceEndpointListener listener, Clock clock,
      Duration consentTimeout) {
    this.ufrag = ufrag;
    this.password = password;
    this.listener = listener;
    this.clock = clock;
    this.consentTimeout = consentTimeout;
    this.lastConsent = clock.instant();
  }

  public String ufrag() {
    return ufrag;
  }

  public String password() {
    return password;
  }

  /** The path media is sent on: the last nominated one, else the first checked one; null before any check. */
  public IcePath selectedPath() {
    return selected;
  }

  public boolean isClosed() {
    return closed;
  }

  boolean isValid(IcePath path) {
    return validPaths.contains(path);
  }

  void onValidCheck(IcePath path, boolean nominated) {
    lastConsent = clock.instant();
    boolean added = validPaths.add(path);
    if (nominated || selected == null) {
      selected = path;
    }
    if (added || nominated) {
      listener.onCheck(path, nominated);
    }
  }

  void onPacket(IcePath path, PacketKind kind, byte[] buf, int off, int len) {
    listener.onPacket(path, kind, buf, off, len);
  }

  boolean consentExpired() {
    return Duration.between(lastConsent, clock.instant()).compareTo(consentTimeout) > 0;
  }

  void expire() {
    if (!closed) {
      closed = true;
      listener.onConsentExpired();
    }
  }

  void markClosed() {
    closed = true;
  }

  Set<IcePath> validPaths() {
    return validPaths;
  }
}
