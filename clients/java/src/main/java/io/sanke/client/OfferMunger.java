package io.sanke.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites libwebrtc's offers before they are applied locally:
 * <ul>
 *   <li>drops the {@code sdes:mid}, {@code rtp-stream-id} and {@code repaired-rtp-stream-id}
 *       header extensions. The SFU forwards publishers' packets with their own mid and rid
 *       values, so a receiver that negotiated those extensions binds a new consumer's SSRC
 *       to its own send m-section of the same mid (or rid) and then refuses the answer that
 *       signals it on a receive m-section ("Failed to set up audio demuxing for mid=…"),
 *       which ends the session. Without them everything is demuxed by SSRC;</li>
 *   <li>signals simulcast by SSRC: to the camera's primary SSRC and its RTX it adds the
 *       {@code extra} SSRC pairs (layer, RTX) as {@code a=ssrc-group:SIM} and
 *       {@code a=ssrc-group:FID}, lowest layer first, which libwebrtc encodes as simulcast
 *       and the SFU reads without the rid extension.</li>
 * </ul>
 * Pure text; changes nothing else.
 */
final class OfferMunger {
  private static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
  private static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
  private static final String RRID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

  private OfferMunger() {}

  static String munge(String sdp, List<Long> extra) {
    List<List<String>> sections = new ArrayList<>();
    List<String> current = new ArrayList<>();
    sections.add(current);
    for (String line : sdp.split("\r\n")) {
      if (line.startsWith("m=")) {
        current = new ArrayList<>();
        sections.add(current);
      }
      if (line.startsWith("a=extmap:") && (line.contains(MID) || line.endsWith(RID) || line.contains(RID + " ") || line.contains(RRID))) {
        continue;
      }
      current.add(line);
    }
    boolean simulcastDone = extra.isEmpty();
    StringBuilder out = new StringBuilder();
    for (List<String> section : sections) {
      if (!simulcastDone && !section.isEmpty() && section.get(0).startsWith("m=video") && section.contains("a=sendonly")) {
        simulcastDone = addSimulcast(section, extra);
      }
      for (String line : section) {
        out.append(line).append("\r\n");
      }
    }
    return out.toString();
  }

  private static boolean addSimulcast(List<String> section, List<Long> extra) {
    String fid = section.stream().filter(l -> l.startsWith("a=ssrc-group:FID ")).findFirst().orElse(null);
    if (fid == null) {
      return false;
    }
    String[] parts = fid.substring("a=ssrc-group:FID ".length()).trim().split("\\s+");
    String primary = parts[0];
    List<String> attrs = new ArrayList<>();
    for (String l : section) {
      if (l.startsWith("a=ssrc:" + primary + " ")) {
        attrs.add(l.substring(("a=ssrc:" + primary + " ").length()));
      }
    }
    section.removeIf(l -> l.startsWith("a=rid:") || l.startsWith("a=simulcast:"));
    StringBuilder sim = new StringBuilder("a=ssrc-group:SIM ").append(primary);
    for (int i = 0; i + 1 < extra.size(); i += 2) {
      long layer = extra.get(i);
      long rtx = extra.get(i + 1);
      for (String a : attrs) {
        section.add("a=ssrc:" + layer + " " + a);
      }
      for (String a : attrs) {
        section.add("a=ssrc:" + rtx + " " + a);
      }
      section.add("a=ssrc-group:FID " + layer + " " + rtx);
      sim.append(' ').append(layer);
    }
    section.add(sim.toString());
    return true;
  }
}
