package io.sanke.media.transport;

import java.util.function.Function;

/**
 * Routes one received packet, for UDP and ICE-TCP alike: STUN binding requests by
 * ufrag after the integrity check (and answered here), everything else to the
 * endpoint the path is bound to. Counts every drop by reason.
 */
final class Demux {
  private Demux() {}

  /** Returns the endpoint the path belongs to after this packet, or null. */
  static IceLiteEndpoint dispatch(Function<String, IceLiteEndpoint> byUfrag, TransportCounters counters,
      IcePath path, IceLiteEndpoint bound, byte[] buf, int off, int len) {
    PacketKind kind = PacketKind.of(buf, off, len);
    if (kind == PacketKind.STUN) {
      return onStun(byUfrag, counters, path, bound, buf, off, len);
    }
    if (kind == PacketKind.UNKNOWN) {
      counters.inc("drop.unknown");
      return bound;
    }
    if (bound == null || bound.isClosed() || !bound.isValid(path)) {
      counters.inc("drop.unbound");
      return bound;
    }
    bound.onPacket(path, kind, buf, off, len);
    return bound;
  }

  private static IceLiteEndpoint onStun(Function<String, IceLiteEndpoint> byUfrag, TransportCounters counters,
      IcePath path, IceLiteEndpoint bound, byte[] buf, int off, int len) {
    int type = StunMessages.type(buf, off, len);
    if (type == StunMessages.BINDING_INDICATION) {
      counters.inc("stun.indication");
      return bound;
    }
    StunMessages.BindingRequest req;
    try {
      req = StunMessages.parseRequest(buf, off, len);
    } catch (StunMessages.StunRejected e) {
      counters.inc("drop.stun." + e.reason);
      return bound;
    }
    IceLiteEndpoint e = byUfrag.apply(req.localUfrag());
    if (e == null || e.isClosed()) {
      counters.inc("drop.stun.ufrag");
      return bound;
    }
    if (!StunMessages.integrityValid(buf, off, len, e.password())) {
      counters.inc("drop.stun.integrity");
      return bound;
    }
    counters.inc("stun.check");
    byte[] resp = StunMessages.successResponse(req.transactionId(), path.remote(), e.password());
    path.send(resp, 0, resp.length);
    e.onValidCheck(path, req.useCandidate());
    return e;
  }
}
