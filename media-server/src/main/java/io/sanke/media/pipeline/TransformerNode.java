package io.sanke.media.pipeline;

/**
 * A node that may rewrite the packet in place, replace it, or drop it by returning null.
 * Subclasses implement {@link #transform(PacketInfo)}.
 */
public abstract non-sealed class TransformerNode extends Node {
    protected TransformerNode(String name) {
        super(name);
    }

    /** Returns the packet to pass on (the same or another), or null to drop it. */
    protected abstract PacketInfo transform(PacketInfo info);

    @Override
    final void handle(PacketInfo info) {
        long t0 = startTimer();
        PacketInfo out;
        try {
            out = transform(info);
        } catch (RuntimeException e) {
            stopTimer(t0);
            error();
            return;
        }
        stopTimer(t0);
        if (out == null) {
            drop();
        } else {
            forward(out);
        }
    }
}
