package io.sanke.media.sdp;

/** One {@code a=name[:value]} line; value is null for a flag attribute. */
public record Attribute(String name, String value) {
  public static Attribute parse(String text) {
    int colon = text.indexOf(':');
    return colon < 0 ? new Attribute(text, null) : new Attribute(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return value == null ? name : name + ":" + value;
  }
}
