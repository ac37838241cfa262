package io.sanke.signaling;

import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.MediaNode;
import io.sanke.signaling.api.SignalingException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Runs SFU control commands off the event loop and maps refusals to protocol errors:
 * {@code BAD_SDP} stays {@code BAD_SDP}, anything else is {@code MEDIA_UNAVAILABLE}. Tells
 * {@code unreachable} when a node could not be reached at all (no connection, no answer in
 * time), as opposed to a command the node refused; it does not decide what that means.
 */
final class Media {
    private final Vertx vertx;
    private final Consumer<MediaNode> unreachable;

    Media(Vertx vertx) {
        this(vertx, n -> { });
    }

    Media(Vertx vertx, Consumer<MediaNode> unreachable) {
        this.vertx = vertx;
        this.unreachable = unreachable;
    }

    /** The node was not reached: the HTTP control client failed with an I/O error (refused, reset, timed out). */
    static boolean isUnreachable(MediaException e) {
        return e.code() == MediaException.Code.INTERNAL && e.getCause() instanceof IOException;
    }

    private void check(MediaNode node, MediaException e) {
        if (isUnreachable(e)) {
            vertx.runOnContext(v -> unreachable.accept(node));
        }
    }

    <R extends Reply> Future<R> run(MediaNode node, Command<R> command) {
        return vertx.executeBlocking(() -> {
            try {
                return node.control().execute(command);
            } catch (MediaException e) {
                check(node, e);
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
                check(node, e);
                // already closed in cascade, or never created: nothing to undo
            }
            return null;
        }, false);
    }
}
