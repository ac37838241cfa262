package io.sanke.client;

/**
 * A failure the headless client reports to its caller, with the wire code of the
 * signaling {@code error} it came from ({@code "disconnected"}, {@code "timeout"} and
 * {@code "media"} are the client's own codes).
 */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public ClientException(String code, String message) {
    super(message);
    this.code = code;
  }

  public ClientException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The wire code, for example {@code "forbidden"} or {@code "disconnected"}. */
  public String code() {
    return code;
  }
}
