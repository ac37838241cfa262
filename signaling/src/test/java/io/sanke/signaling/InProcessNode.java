package io.sanke.signaling;

import io.sanke.media.api.MediaServerControl;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaServer;
import io.sanke.signaling.api.MediaNode;

import java.util.function.Consumer;

/** A real in-process SFU node as a {@link MediaNode} (tests; the launcher has its own adapter). */
record InProcessNode(MediaServer server, MediaServerControl control) implements MediaNode {
    InProcessNode(MediaServer server) {
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
