package io.sanke.media.api;

/**
 * The SFU control API. In process today ({@code io.sanke.media.server.InProcessControl});
 * the same commands go over HTTP/JSON or the event bus later.
 */
public interface MediaServerControl {
  /** Version of the command set. */
  int VERSION = 1;

  /** Runs one command; a refused command throws and changes nothing. */
  <R extends Reply> R execute(Command<R> command) throws MediaException;
}
