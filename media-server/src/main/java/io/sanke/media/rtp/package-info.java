/**
 * RTP and RTCP packets for the SFU: {@link io.sanke.media.rtp.RtpPacket} (a mutable view
 * over a byte array), {@link io.sanke.media.rtp.RtcpPacket} (compound parsing and
 * builders), header extension readers and the VP8 / H.264 payload readers. Plain Java,
 * no sockets, no crypto.
 */
package io.sanke.media.rtp;
