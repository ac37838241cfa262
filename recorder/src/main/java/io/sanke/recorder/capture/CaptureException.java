package io.sanke.recorder.capture;

/** A refused capture request or an unreadable recording; {@link #code()} is the wire code. */
public final class CaptureException extends RuntimeException {
  public static final String BAD_TRACK = "capture.bad-track";
  public static final String UNKNOWN_TRACK = "capture.unknown-track";
  public static final String CLOSED = "capture.closed";
  public static final String IO = "capture.io";
  public static final String BAD_MANIFEST = "capture.bad-manifest";
  public static final String BAD_CONFIG = "capture.bad-config";

  private final String code;

  public CaptureException(String code, String format, Object... args) {
    super(args.length == 0 ? format : String.format(format, args));
    this.code = code;
  }

  public CaptureException(String code, Throwable cause, String format, Object... args) {
    super(args.length == 0 ? format : String.format(format, args), cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
