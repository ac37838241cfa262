package io.sanke.media.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A node with named paths, each guarded by a predicate: a packet goes down the first path
 * whose predicate accepts it, and is dropped (counted) when none does. Paths are added
 * while building ({@link Pipeline.Builder#demux}); {@link #attach} is not used.
 */
public final class DemuxerNode extends Node {
    private final List<Path> paths = new ArrayList<>();

    /** One path: its name, its guard and its first node. */
    public record Path(String name, Predicate<PacketInfo> predicate, Node head) {
    }

    public DemuxerNode(String name) {
        super(name);
    }

    public DemuxerNode addPath(String name, Predicate<PacketInfo> predicate, Node head) {
        if (predicate == null || head == null) {
            throw new IllegalArgumentException("path needs a predicate and a node [path:" + name + "]");
        }
        paths.add(new Path(name, predicate, head));
        return this;
    }

    public List<Path> paths() {
        return List.copyOf(paths);
    }

    @Override
    public Node attach(Node next) {
        throw new UnsupportedOperationException("a demuxer has paths, not a next node [node:" + name() + "]");
    }

    @Override
    public List<Node> children() {
        return paths.stream().map(Path::head).toList();
    }

    @Override
    void handle(PacketInfo info) {
        long t0 = startTimer();
        Node target = null;
        try {
            for (Path p : paths) {
                if (p.predicate().test(info)) {
                    target = p.head();
                    break;
                }
            }
        } catch (RuntimeException e) {
            stopTimer(t0);
            error();
            return;
        }
        stopTimer(t0);
        if (target == null) {
            drop();
            return;
        }
        packetsOut++;
        bytesOut += info.packet().length();
        target.process(info);
    }
}
