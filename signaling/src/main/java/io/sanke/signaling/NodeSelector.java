package io.sanke.signaling;

import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.MediaNode;
import io.sanke.signaling.api.SignalingException;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the SFU node for a new room (as Jicofo and LiveKit's region-aware selector
 * do): among nodes that answer their load, the least stressed in the preferred region,
 * else the least stressed anywhere; nodes at stress ≥ 1 only if nothing else is left.
 * Reads loads through the control API; blocking, so called off the event loop.
 */
final class NodeSelector {
    private NodeSelector() {
    }

    record Loaded(MediaNode node, double stress) {
    }

    static MediaNode select(List<MediaNode> nodes, String region) {
        List<Loaded> loaded = nodes.stream().map(NodeSelector::load).flatMap(Optional::stream).toList();
        return choose(loaded, region).orElseThrow(() -> SignalingException.of(ErrorCode.MEDIA_UNAVAILABLE,
                "no SFU node available [nodes:" + nodes.size() + ", region:" + region + "]"));
    }

    static Optional<MediaNode> choose(List<Loaded> loaded, String region) {
        Comparator<Loaded> byStress = Comparator.comparingDouble(Loaded::stress);
        Optional<Loaded> best = loaded.stream().filter(l -> l.node().region().equals(region) && l.stress() < 1)
                .min(byStress);
        if (best.isEmpty()) {
            best = loaded.stream().filter(l -> l.stress() < 1).min(byStress);
        }
        if (best.isEmpty()) {
            best = loaded.stream().min(byStress);
        }
        return best.map(Loaded::node);
    }

    private static Optional<Loaded> load(MediaNode node) {
        try {
            Reply.Load l = node.control().execute(new Command.GetLoad());
            return Optional.of(new Loaded(node, l.stress()));
        } catch (MediaException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
