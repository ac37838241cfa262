/**
 * Network transports of the SFU: one UDP port shared by every endpoint (ICE-lite on
 * STUN, then DTLS, SRTP and SRTCP told apart by their first byte, RFC 7983), passive
 * ICE-TCP (RFC 6544 with RFC 4571 framing), the DTLS 1.2 handshake that keys SRTP and
 * the SRTP/SRTCP contexts. Nothing here knows about producers, consumers or SDP.
 */
package io.sanke.media.transport;
