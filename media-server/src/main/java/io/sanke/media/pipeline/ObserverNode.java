package io.sanke.media.pipeline;

/**
 * A node that looks at every packet and always passes it on unchanged (even when its own
 * work fails, which is counted as an error). Subclasses implement {@link #observe}.
 */
public abstract non-sealed class ObserverNode extends Node {
    protected ObserverNode(String name) {
        super(name);
    }

    protected abstract void observe(PacketInfo info);

    @Override
    final void handle(PacketInfo info) {
        long t0 = startTimer();
        try {
            observe(info);
        } catch (RuntimeException e) {
            errors++;
        }
        stopTimer(t0);
        forward(info);
    }
}
