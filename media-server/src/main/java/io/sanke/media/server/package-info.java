/**
 * The SFU object model and its in-process control API implementation:
 *
 * <pre>
 *  MediaServer ─┬─ UdpMux (one UDP port) ─ TcpIceServer (passive ICE-TCP) ─ DtlsCertificate
 *               └─ Router (one per room)
 *                    ├─ WebRtcTransport (one per endpoint: ICE-lite, DTLS, SRTP)
 *                    │     ├─ Producer (a track it sends, with its simulcast layers)
 *                    │     └─ Consumer (a producer forwarded to it)
 *                    └─ PlainRtpTransport (decrypted RTP to a recorder)
 *                          └─ Consumer
 * </pre>
 *
 * Parents create children with factory methods, keep them by id and close them in
 * cascade; each object tells its close listeners. Receive path of a transport:
 * {@code UdpMux → WebRtcTransport (SRTP decrypt, parse) → Producer → Consumer (layer
 * choice, rewrite) → WebRtcTransport (SRTP encrypt) → IcePath}.
 */
package io.sanke.media.server;
