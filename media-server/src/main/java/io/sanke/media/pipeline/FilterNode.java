package io.sanke.media.pipeline;

/** A node that passes a packet unchanged or drops it. Subclasses implement {@link #accept}. */
public abstract non-sealed class FilterNode extends Node {
    protected FilterNode(String name) {
        super(name);
    }

    protected abstract boolean accept(PacketInfo info);

    @Override
    final void handle(PacketInfo info) {
        long t0 = startTimer();
        boolean pass;
        try {
            pass = accept(info);
        } catch (RuntimeException e) {
            stopTimer(t0);
            error();
            return;
        }
        stopTimer(t0);
        if (pass) {
            forward(info);
        } else {
            drop();
        }
    }
}
