package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.H264Payload;
import io.sanke.media.rtp.Packet;
import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One consumer's send chain, a link that loses every 7th datagram (RTX included), and a
 * subscriber-like receive chain whose NACKs the consumer's cache answers with RTX.
 */
class LossyLegTest {
    private final FakeClock clock = new FakeClock();
    private final ArrayDeque<RtcpPacket> feedback = new ArrayDeque<>();
    private final KeyframeRequester requester = new KeyframeRequester(clock, 1, p -> { });
    private final RetransmissionCache cache = new RetransmissionCache(clock, RetransmissionCache.Config.DEFAULT);
    private final TreeSet<Integer> delivered = new TreeSet<>();
    private final List<PacketInfo> received = new ArrayList<>();
    private final NackGenerator subscriberNacks = new NackGenerator(clock, 0x5B, feedback::add,
        NackGenerator.Config.DEFAULT);
    private final RtxUnwrapper subscriberRtx = new RtxUnwrapper(Map.of(97, 96), 0, 0);
    private final Node subscriber = Pipeline.builder().node(new RtpParser()).node(subscriberRtx)
        .node(subscriberNacks).sink("decoder", i -> {
            delivered.add(i.rtp().sequenceNumber());
            received.add(i);
        }).build();
    private int datagrams;
    private int droppedOnLink;

    private void link(RtpPacket p) {
        if (++datagrams % 7 == 0) {
            droppedOnLink++;
            return;
        }
        byte[] wire = p.toByteArray();
        subscriber.process(new PacketInfo(new Packet(wire, 0, wire.length), clock.micros()));
    }

    private void drainFeedback() {
        while (!feedback.isEmpty()) {
            RtcpPacket p = feedback.poll();
            if (p instanceof RtcpPacket.Nack nack) {
                cache.answer(nack).forEach(this::link);
            }
        }
    }

    @Test
    @DisplayName("every packet reaches the subscriber despite 1 in 7 datagrams lost, repaired by RTX")
    void lossyLegRepairedByRtx() {
        long consumerSsrc = 0xC0FFEEL;
        cache.setRtx(consumerSsrc, 0xC0FFEFL, 97, 0);
        subscriberRtx.associate(0xC0FFEFL, consumerSsrc);
        Node send = Pipeline.builder()
            .node(new LayerSelector(Codec.VP8, requester::request))
            .node(new RtpRewriter(consumerSsrc, Codec.VP8, clock))
            .node(cache)
            .sink("link", i -> link(i.rtp()))
            .build();
        Vp8Source camera = new Vp8Source(42, 1000, 0, 0, 0, 640, 360);
        int sent = 0;
        for (int frame = 0; frame < 300; frame++) {
            for (RtpPacket p : camera.frame(frame % 100 == 0, 3)) {
                PacketInfo info = new PacketInfo(p, clock.micros());
                info.setLayer(0);
                send.process(info);
                sent++;
                drainFeedback();
            }
            clock.advanceMillis(11);
            subscriberNacks.tick();
            drainFeedback();
            clock.advanceMillis(11);
            subscriberNacks.tick();
            drainFeedback();
            clock.advanceMillis(11);
        }
        for (int i = 0; i < 20; i++) {
            clock.advanceMillis(50);
            subscriberNacks.tick();
            drainFeedback();
        }
        assertEquals(sent, delivered.size(), "all sequence numbers delivered");
        assertEquals(1000, delivered.first());
        assertEquals(1000 + sent - 1, delivered.last());
        assertTrue(droppedOnLink > sent / 8, "the link really lost packets: " + droppedOnLink);
        long repaired = received.stream().filter(PacketInfo::isRetransmission).count();
        assertTrue(repaired >= droppedOnLink - repaired, "repairs " + repaired + " for " + droppedOnLink + " losses");
        assertTrue(cache.hits() >= repaired);
        assertEquals(0, subscriberNacks.givenUp());
    }

    @Test
    @DisplayName("an H.264 consumer switches layers at a STAP-A carrying SPS and PPS")
    void h264Switch() {
        List<RtpPacket> out = new ArrayList<>();
        List<Long> asked = new ArrayList<>();
        LayerSelector selector = new LayerSelector(Codec.H264, asked::add);
        Node send = Pipeline.builder().node(selector).node(new RtpRewriter(77, Codec.H264, clock))
            .sink("out", i -> out.add(i.rtp())).build();
        byte[] stapSpsPps = {0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, (byte) 0xCE};
        byte[] fuIdrStart = {0x7C, (byte) 0x85, 0x11};
        byte[] fuIdrEnd = {0x7C, 0x45, 0x22};
        byte[] nonIdr = {0x41, 0x33};
        int[] seq = {10, 5000};
        long[] ts = {1000, 90_000};
        java.util.function.BiConsumer<Integer, byte[]> emit = (layer, payload) -> {
            PacketInfo i = new PacketInfo(RtpPacket.builder().payloadType(102).ssrc(100 + layer)
                .sequenceNumber(seq[layer]++).timestamp(ts[layer]).payload(payload).build(), clock.micros());
            i.setLayer(layer);
            send.process(i);
        };
        emit.accept(0, stapSpsPps);
        emit.accept(0, fuIdrStart);
        emit.accept(0, fuIdrEnd);
        assertEquals(0, selector.currentLayer());
        emit.accept(1, nonIdr);
        assertEquals(List.of(101L), asked, "layer 1 appeared: ask it for a keyframe");
        assertEquals(0, selector.currentLayer(), "not before its keyframe");
        ts[0] += 3000;
        ts[1] += 3000;
        emit.accept(0, nonIdr);
        emit.accept(1, stapSpsPps);
        emit.accept(1, fuIdrStart);
        emit.accept(1, fuIdrEnd);
        assertEquals(1, selector.currentLayer());
        assertEquals(7, out.size());
        for (int i = 1; i < out.size(); i++) {
            assertEquals(out.get(i - 1).sequenceNumber() + 1, out.get(i).sequenceNumber());
        }
        assertTrue(H264Payload.isKeyframe(out.get(4).buffer(), out.get(4).payloadOffset(), out.get(4).payloadLength()));
    }
}
