package io.sanke.media.api;

/**
 * The SFU control API: in process ({@code io.sanke.media.server.InProcessControl}) or over
 * HTTP/JSON to a node in another process ({@code io.sanke.media.server.HttpMediaControl} →
 * {@code ControlHttpServer}, paths under {@code /media/v}{@value #VERSION}); both refuse a
 * command with the same {@link MediaException}.
 */
public interface MediaServerControl {
  /** Version of the command set. */
  int VERSION = 1;

  /** Runs one command; a refused command throws and changes nothing. */
  <R extends Reply> R execute(Command<R> command) throws MediaException;
}
