package io.sanke.signaling.api;

import io.sanke.media.api.MediaServerControl;

import java.util.function.Consumer;

/**
 * One SFU node as signaling sees it in the node registry: its id, region and control
 * API. Signaling chooses among nodes with a {@code NodeSelector} and speaks to them
 * only through {@link MediaServerControl}.
 */
public interface MediaNode {
    String id();

    String region();

    MediaServerControl control();

    /**
     * Calls {@code producerId} with the audio producer of each new dominant speaker of a
     * router. The control API v1 has no event channel yet, so an in-process node adapts
     * its router here; a node that cannot report speakers does nothing.
     */
    default void onDominantSpeaker(String routerId, Consumer<String> producerId) {
    }
}
