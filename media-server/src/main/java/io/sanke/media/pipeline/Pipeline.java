package io.sanke.media.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds node chains that read top to bottom, and walks them for stats. A producer's
 * receive chain, for example:
 *
 * <pre>{@code
 * Node receive = Pipeline.builder()
 *     .node(new RtpParser())
 *     .node(new RtxUnwrapper(rtxPayloadTypes, ridExt, repairedRidExt))
 *     .node(new RtpStats("rx", clock, codecs::clockRate, localSsrc))
 *     .node(new AudioLevelReader(audioLevelExt, speakers))
 *     .node(new NackGenerator(clock, localSsrc, rtcpOut, NackGenerator.Config.DEFAULT))
 *     .node(new SimulcastDemux(ridExt, List.of("q", "h", "f")))
 *     .sink("fan-out", producer::fanOut)
 *     .build();
 * }</pre>
 * and a consumer's send chain:
 * <pre>{@code
 * Node send = Pipeline.builder()
 *     .node(layerSelector)
 *     .node(new RtpRewriter(consumerSsrc, Codec.VP8, clock))
 *     .node(retransmissionCache)
 *     .node(new RtpStats("tx", clock, codecs::clockRate, consumerSsrc))
 *     .node(transportTail)   // TransportCcTagger → SRTP sink, shared by the transport's consumers
 *     .build();
 * }</pre>
 */
public final class Pipeline {
    private Pipeline() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds nodes one after the other; a demuxer ends the chain. */
    public static final class Builder {
        private Node head;
        private Node tail;
        private boolean ended;

        private Builder() {
        }

        public Builder node(Node node) {
            if (ended) {
                throw new IllegalStateException("chain already ended by a demuxer [node:" + node.name() + "]");
            }
            if (head == null) {
                head = node;
            } else {
                tail.attach(node);
            }
            tail = node;
            if (node instanceof DemuxerNode) {
                ended = true;
            }
            return this;
        }

        public Builder sink(String name, Consumer<PacketInfo> consumer) {
            return node(new PacketSink(name, consumer));
        }

        /** Ends the chain with a demuxer; {@code paths} adds its paths, each a chain of its own. */
        public Builder demux(String name, Consumer<DemuxBuilder> paths) {
            DemuxerNode d = new DemuxerNode(name);
            paths.accept(new DemuxBuilder(d));
            return node(d);
        }

        public Node build() {
            if (head == null) {
                throw new IllegalStateException("empty pipeline");
            }
            return head;
        }
    }

    /** Adds the paths of a demuxer. */
    public static final class DemuxBuilder {
        private final DemuxerNode demuxer;

        private DemuxBuilder(DemuxerNode demuxer) {
            this.demuxer = demuxer;
        }

        public DemuxBuilder path(String name, Predicate<PacketInfo> predicate, Consumer<Builder> chain) {
            Builder b = new Builder();
            chain.accept(b);
            demuxer.addPath(name, predicate, b.build());
            return this;
        }
    }

    /** The stats of every node reachable from {@code head}, depth first. */
    public static List<NodeStats> stats(Node head) {
        List<NodeStats> out = new ArrayList<>();
        walk(head, n -> out.add(n.stats()));
        return out;
    }

    /** Every node reachable from {@code head}, depth first. */
    public static void walk(Node head, Consumer<Node> visitor) {
        if (head == null) {
            return;
        }
        visitor.accept(head);
        for (Node child : head.children()) {
            walk(child, visitor);
        }
    }

    /** A one-node-per-line picture of the tree with each node's counters. */
    public static String describe(Node head) {
        StringBuilder sb = new StringBuilder();
        describe(head, "", sb);
        return sb.toString();
    }

    private static void describe(Node n, String indent, StringBuilder sb) {
        while (n != null) {
            sb.append(indent).append(n.stats()).append('\n');
            if (n instanceof DemuxerNode d) {
                for (DemuxerNode.Path p : d.paths()) {
                    sb.append(indent).append("  [").append(p.name()).append("]\n");
                    describe(p.head(), indent + "    ", sb);
                }
                return;
            }
            n = n.next();
        }
    }
}
