package io.sanke.media.api;

/**
 * A refused control command. {@link #code} is the wire code; the message names the
 * ids involved in brackets. A refused command changes nothing.
 */
public final class MediaException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Wire codes of the control API. */
  public enum Code {
    NOT_FOUND(404), ALREADY_EXISTS(409), BAD_REQUEST(400), BAD_SDP(422), CLOSED(410), INTERNAL(500);

    public final int wire;

    Code(int wire) {
      this.wire = wire;
    }
  }

  private final Code code;

  public MediaException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public MediaException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }

  public static MediaException notFound(String what, String id) {
    return new MediaException(Code.NOT_FOUND, what + " not found [id:" + id + "]");
  }
}
