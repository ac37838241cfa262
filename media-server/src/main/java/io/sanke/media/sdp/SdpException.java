package io.sanke.media.sdp;

/** A session description that cannot be parsed or answered; the message names the line. */
public final class SdpException extends Exception {
  private static final long serialVersionUID = 1L;

  public SdpException(String message) {
    super(message);
  }
}
