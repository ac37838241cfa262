package io.sanke.signaling;

import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.MediaNode;
import io.sanke.signaling.api.SignalingException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Runs SFU control commands off the event loop and maps refusals to protocol errors:
 * {@code BAD_SDP} stays {@code BAD_SDP}, anything else is {@code MEDIA_UNAVAILABLE}.
 */
final class Media {
    private final Vertx vertx;

    Media(Vertx vertx) {
        this.vertx = vertx;
    }

    <R extends Reply> Future<R> run(MediaNode node, Command<R> command) {
        return vertx.executeBlocking(() -> {
            try {
                return node.control().execute(command);
            } catch (MediaException e) {
                throw SignalingException.of(e.code() == MediaException.Code.BAD_SDP ? ErrorCode.BAD_SDP
                        : ErrorCode.MEDIA_UNAVAILABLE, "SFU refused " + command.getClass().getSimpleName()
                        + " [node:" + node.id() + ", code:" + e.code() + "]: " + e.getMessage());
            }
        }, false);
    }

    /** Closes an SFU object; one already gone is fine. */
    Future<Void> close(MediaNode node, Command.Kind kind, String id) {
        return vertx.executeBlocking(() -> {
            try {
                node.control().execute(new Command.Close(kind, id));
            } catch (MediaException e) {
                // already closed in cascade, or never created: nothing to undo
            }
            return null;
        }, false);
    }
}
