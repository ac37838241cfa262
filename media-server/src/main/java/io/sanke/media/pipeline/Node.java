package io.sanke.media.pipeline;

import java.util.List;

/**
 * One step of a packet pipeline, in the manner of JVB's {@code Node.kt}: a packet goes in
 * through {@link #process(PacketInfo)} and, unless the node drops it, out to the next
 * node. Four kinds, and only these:
 * <ul>
 *   <li>{@link TransformerNode}: may change or replace the packet, or drop it (null)</li>
 *   <li>{@link FilterNode}: passes the packet unchanged or drops it</li>
 *   <li>{@link ObserverNode}: looks (counts, records) and always passes it on</li>
 *   <li>{@link DemuxerNode}: sends the packet down one of several named paths</li>
 * </ul>
 * Every node keeps its own counters (the {@code StatsKeepingNode} of JVB): packets and
 * bytes in and out, dropped, errors and the time spent in its own work (sampled, see
 * {@link #startTimer()}). An exception
 * thrown by a node's work is caught, counted as an error and the packet dropped: nothing
 * escapes {@code process}.
 *
 * <p>Not thread-safe: a pipeline runs on one thread at a time. Counters may be read from
 * another thread (a stats request) and then are only approximately current.
 *
 * <p>Wiring: build chains with {@link Pipeline#builder()}, which reads top to bottom.
 */
public abstract sealed class Node permits TransformerNode, FilterNode, ObserverNode, DemuxerNode {
    private final String name;
    private Node next;
    long packetsIn;
    long bytesIn;
    long packetsOut;
    long bytesOut;
    long dropped;
    long errors;
    long nanosSpent;

    Node(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("node name is blank");
        }
        this.name = name;
    }

    public final String name() {
        return name;
    }

    /** Attaches the node packets go to after this one; returns {@code next} for chaining. */
    public Node attach(Node next) {
        this.next = next;
        return next;
    }

    public final Node next() {
        return next;
    }

    /** Nodes directly after this one: the next node, or a demuxer's paths. */
    public List<Node> children() {
        return next == null ? List.of() : List.of(next);
    }

    /** Feeds one packet in; never throws. */
    public final void process(PacketInfo info) {
        packetsIn++;
        bytesIn += info.packet().length();
        handle(info);
    }

    abstract void handle(PacketInfo info);

    /**
     * Time is measured on one packet in {@value #TIME_SAMPLE} (the first, then every
     * {@value #TIME_SAMPLE}th) and counted {@value #TIME_SAMPLE} times: two clock reads per
     * node and packet cost more than most nodes' work. Returns 0 when this packet is not timed.
     */
    final long startTimer() {
        return (packetsIn & (TIME_SAMPLE - 1)) == 1 ? System.nanoTime() : 0;
    }

    final void stopTimer(long t0) {
        if (t0 != 0) {
            nanosSpent += (System.nanoTime() - t0) * TIME_SAMPLE;
        }
    }

    static final int TIME_SAMPLE = 16;

    final void error() {
        errors++;
        dropped++;
    }

    final void drop() {
        dropped++;
    }

    /** Counts the packet out and hands it to the next node, if any. */
    final void forward(PacketInfo info) {
        packetsOut++;
        bytesOut += info.packet().length();
        if (next != null) {
            next.process(info);
        }
    }

    /** A node's own counters beyond the common ones, e.g. "malformed=3"; empty by default. */
    protected String extraStats() {
        return "";
    }

    public final NodeStats stats() {
        return new NodeStats(name, packetsIn, bytesIn, packetsOut, bytesOut, dropped, errors, nanosSpent,
            extraStats());
    }
}
