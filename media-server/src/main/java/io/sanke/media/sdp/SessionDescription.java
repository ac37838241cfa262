package io.sanke.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole SDP: origin, session-level attributes and m-sections. {@link #parse} reads
 * what browsers and libwebrtc write; {@link #toString} writes CRLF-terminated SDP.
 */
public record SessionDescription(String origin, String sessionName, List<Attribute> attributes,
    List<MediaSection> media) {
  public SessionDescription {
    attributes = List.copyOf(attributes);
    media = List.copyOf(media);
  }

  public String attr(String name) {
    for (Attribute a : attributes) {
      if (a.name().equals(name)) {
        return a.value() == null ? "" : a.value();
      }
    }
    return null;
  }

  /** Session attribute, else the first m-section's (ICE and DTLS lines may sit at either level). */
  public String attrAnyLevel(String name) {
    String v = attr(name);
    if (v == null) {
      for (MediaSection m : media) {
        v = m.attr(name);
        if (v != null) {
          return v;
        }
      }
    }
    return v;
  }

  public static SessionDescription parse(String sdp) throws SdpException {
    if (sdp == null || sdp.isBlank()) {
      throw new SdpException("empty SDP");
    }
    if (sdp.length() > 256 * 1024) {
      throw new SdpException("SDP too large [chars:" + sdp.length() + "]");
    }
    String origin = null;
    String name = "-";
    List<Attribute> session = new ArrayList<>();
    List<MediaSection> media = new ArrayList<>();
    String mType = null;
    int mPort = 0;
    String mProto = null;
    List<String> mFormats = null;
    String mConn = null;
    List<Attribute> mAttrs = null;
    String[] lines = sdp.split("\r?\n");
    boolean sawVersion = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      if (line.length() < 2 || line.charAt(1) != '=') {
        throw new SdpException("malformed SDP line [line:" + (i + 1) + "]");
      }
      String v = line.substring(2);
      switch (line.charAt(0)) {
        case 'v' -> {
          if (!v.equals("0")) {
            throw new SdpException("unsupported SDP version [line:" + (i + 1) + "]");
          }
          sawVersion = true;
        }
        case 'o' -> origin = v;
        case 's' -> name = v;
        case 'm' -> {
          if (mType != null) {
            media.add(new MediaSection(mType, mPort, mProto, mFormats, mConn, mAttrs));
          }
          String[] p = v.split(" ");
          if (p.length < 3) {
            throw new SdpException("malformed m-line [line:" + (i + 1) + "]");
          }
          mType = p[0];
          try {
            mPort = Integer.parseInt(p[1].contains("/") ? p[1].substring(0, p[1].indexOf('/')) : p[1]);
          } catch (NumberFormatException e) {
            throw new SdpException("malformed m-line port [line:" + (i + 1) + "]");
          }
          mProto = p[2];
          mFormats = new ArrayList<>(List.of(p).subList(3, p.length));
          mConn = null;
          mAttrs = new ArrayList<>();
        }
        case 'c' -> {
          if (mType != null) {
            mConn = v;
          }
        }
        case 'a' -> (mAttrs != null ? mAttrs : session).add(Attribute.parse(v));
        default -> {
          // t=, b=, etc. are not needed by the SFU
        }
      }
    }
    if (!sawVersion || origin == null) {
      throw new SdpException("SDP without v= or o= line");
    }
    if (mType != null) {
      media.add(new MediaSection(mType, mPort, mProto, mFormats, mConn, mAttrs));
    }
    return new SessionDescription(origin, name, session, media);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append("v=0\r\n").append("o=").append(origin).append("\r\n").append("s=").append(sessionName).append("\r\n");
    b.append("t=0 0\r\n");
    for (Attribute a : attributes) {
      b.append("a=").append(a).append("\r\n");
    }
    for (MediaSection m : media) {
      b.append("m=").append(m.type()).append(' ').append(m.port()).append(' ').append(m.proto());
      for (String f : m.formats()) {
        b.append(' ').append(f);
      }
      b.append("\r\n");
      if (m.connection() != null) {
        b.append("c=").append(m.connection()).append("\r\n");
      }
      for (Attribute a : m.attributes()) {
        b.append("a=").append(a).append("\r\n");
      }
    }
    return b.toString();
  }
}
