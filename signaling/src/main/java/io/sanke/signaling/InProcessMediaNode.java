package io.sanke.signaling;

import io.sanke.media.api.MediaServerControl;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaServer;
import io.sanke.signaling.api.MediaNode;

import java.util.function.Consumer;

/**
 * An SFU node in the same process, as signaling's {@link MediaNode}: its control API in
 * process, and dominant-speaker changes from its routers (which control API v1 does not
 * carry yet). Used by the launchers and the tests.
 */
public record InProcessMediaNode(MediaServer server, MediaServerControl control) implements MediaNode {
    public InProcessMediaNode(MediaServer server) {
        this(server, new InProcessControl(server));
    }

    @Override
    public String id() {
        return server.config().nodeId();
    }

    @Override
    public String region() {
        return server.config().region();
    }

    @Override
    public void onDominantSpeaker(String routerId, Consumer<String> producerId) {
        var router = server.router(routerId);
        if (router != null) {
            router.onDominantSpeaker(producerId);
        }
    }
}
