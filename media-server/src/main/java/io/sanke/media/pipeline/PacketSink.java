package io.sanke.media.pipeline;

import java.util.function.Consumer;

/**
 * The end of a chain: hands each packet to a callback (the transport's send or the
 * producer's fan-out to consumers). A thrown callback is counted as an error.
 */
public final class PacketSink extends ObserverNode {
    private final Consumer<PacketInfo> consumer;

    public PacketSink(String name, Consumer<PacketInfo> consumer) {
        super(name);
        if (consumer == null) {
            throw new IllegalArgumentException("sink needs a consumer [node:" + name + "]");
        }
        this.consumer = consumer;
    }

    @Override
    protected void observe(PacketInfo info) {
        consumer.accept(info);
    }
}
