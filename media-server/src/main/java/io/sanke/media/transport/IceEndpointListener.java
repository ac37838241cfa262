package io.sanke.media.transport;

/** What an ICE-lite endpoint tells its owner. Called on the receiving thread; must not block. */
public interface IceEndpointListener {
  /** A valid connectivity check arrived on {@code path}; {@code nominated} when it carried USE-CANDIDATE. */
  void onCheck(IcePath path, boolean nominated);

  /** A non-STUN packet arrived from a checked path. The buffer is reused after return. */
  void onPacket(IcePath path, PacketKind kind, byte[] buf, int off, int len);

  /** No valid check (consent) arrived for longer than the timeout: the endpoint is gone. */
  void onConsentExpired();
}
