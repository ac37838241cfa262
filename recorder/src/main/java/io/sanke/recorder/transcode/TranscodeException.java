package io.sanke.recorder.transcode;

/** A transcoding that could not run or failed; {@link #code()} is the wire code. */
public final class TranscodeException extends RuntimeException {
  public static final String BAD_SETTINGS = "transcode.bad-settings";
  public static final String NO_MEDIA = "transcode.no-media";
  public static final String CODEC = "transcode.codec";
  public static final String IO = "transcode.io";
  public static final String CANCELLED = "transcode.cancelled";

  private final String code;

  public TranscodeException(String code, String format, Object... args) {
    super(args.length == 0 ? format : String.format(format, args));
    this.code = code;
  }

  public TranscodeException(String code, Throwable cause, String format, Object... args) {
    super(args.length == 0 ? format : String.format(format, args), cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
