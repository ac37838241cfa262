package io.sanke.signaling;

import io.sanke.media.api.MediaServerControl;
import io.sanke.signaling.api.MediaNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeSelectorTest {
    record Node(String id, String region) implements MediaNode {
        @Override
        public MediaServerControl control() {
            throw new UnsupportedOperationException("loads are given directly");
        }
    }

    private static NodeSelector.Loaded n(String id, String region, double stress) {
        return new NodeSelector.Loaded(new Node(id, region), stress);
    }

    @Test
    @DisplayName("picks the least stressed node in the same region")
    void sameRegion() {
        assertEquals("b", NodeSelector.choose(List.of(n("a", "east", 0.5), n("b", "east", 0.2), n("c", "west", 0.0)),
                "east").orElseThrow().id());
    }

    @Test
    @DisplayName("falls back to the least stressed node elsewhere when the region is full")
    void otherRegion() {
        assertEquals("c", NodeSelector.choose(List.of(n("a", "east", 1.0), n("c", "west", 0.3), n("d", "north", 0.6)),
                "east").orElseThrow().id());
    }

    @Test
    @DisplayName("uses a full node only when every node is full, and nothing when there are no nodes")
    void full() {
        assertEquals("b", NodeSelector.choose(List.of(n("a", "east", 1.4), n("b", "west", 1.1)), "east").orElseThrow().id());
        assertTrue(NodeSelector.choose(List.of(), "east").isEmpty());
    }
}
