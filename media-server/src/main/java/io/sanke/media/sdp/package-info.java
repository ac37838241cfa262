/**
 * A small SDP model (RFC 8866) with the WebRTC attributes the SFU reads and writes:
 * unified plan m-sections, BUNDLE, rtcp-mux, mid, rtpmap/fmtp/rtcp-fb, extmap, ssrc and
 * ssrc-group, rid and simulcast, ICE and DTLS parameters. Parsing and writing only; no
 * transport or negotiation policy lives here.
 */
package io.sanke.media.sdp;
