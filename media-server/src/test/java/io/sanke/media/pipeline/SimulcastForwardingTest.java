package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.rtp.RtpSeq;
import io.sanke.media.rtp.Vp8Descriptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A producer with three VP8 simulcast layers, one consumer's send chain
 * (LayerSelector → RtpRewriter), a KeyframeRequester whose PLIs the fake producer honours
 * on its next frame. Packets in, packets out, a fake clock.
 */
class SimulcastForwardingTest {
    private final FakeClock clock = new FakeClock();
    private final Vp8Source[] layers = {
        new Vp8Source(1000, 100, 5_000, 10, 200, 320, 180),
        new Vp8Source(2000, 40_000, 900_000_000L, 20_000, 7, 640, 360),
        new Vp8Source(3000, 65_500, 4_294_960_000L, 32_760, 250, 1280, 720),
    };
    private final List<RtcpPacket> upstream = new ArrayList<>();
    private final KeyframeRequester requester = new KeyframeRequester(clock, 1, upstream::add);
    private final LayerSelector selector = new LayerSelector(Codec.VP8, requester::request);
    private final RtpRewriter rewriter = new RtpRewriter(0xC0FFEEL, Codec.VP8, clock);
    private final List<RtpPacket> out = new ArrayList<>();
    private final SimulcastDemux demux = new SimulcastDemux(0, List.of());
    private final Node producerChain = Pipeline.builder().node(demux).sink("fan-out", this::fanOut).build();
    private final Node consumerChain = Pipeline.builder().node(selector).node(rewriter)
        .sink("out", i -> out.add(i.rtp())).build();
    private int frame;

    SimulcastForwardingTest() {
        for (int l = 0; l < 3; l++) {
            demux.mapSsrc(layers[l].ssrc, l);
        }
    }

    private void fanOut(PacketInfo info) {
        consumerChain.process(info.copy());
    }

    /** One 33 ms tick: every layer sends a frame; a keyframe when asked, and every 100 frames. */
    private void tick() {
        for (RtcpPacket p : upstream) {
            long media = ((RtcpPacket.Pli) p).mediaSsrc();
            for (Vp8Source s : layers) {
                if (s.ssrc == media) {
                    s.keyframeAsked = true;
                }
            }
        }
        upstream.clear();
        for (int l = 0; l < 3; l++) {
            Vp8Source s = layers[l];
            boolean key = s.keyframeAsked || frame % 100 == 0;
            s.keyframeAsked = false;
            for (RtpPacket p : s.frame(key, 1 + l)) {
                producerChain.process(new PacketInfo(p, clock.micros()));
            }
        }
        frame++;
        clock.advanceMillis(33);
    }

    private static Vp8Descriptor vp8(RtpPacket p) {
        return Vp8Descriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength());
    }

    @Test
    @DisplayName("switching layers keeps seq, timestamp, picture id and TL0PICIDX continuous and starts on a keyframe")
    void continuityAcrossSwitches() {
        frame = 1; // no periodic keyframe at the start: the selector must ask for one
        tick();
        assertEquals(-1, selector.currentLayer(), "nothing before a keyframe");
        tick();
        assertEquals(2, selector.currentLayer(), "layer 2 at the keyframe it asked for");
        for (int i = 0; i < 20; i++) {
            tick();
        }
        selector.setMaxLayer(0);
        int before = out.size();
        tick();
        tick();
        assertEquals(0, selector.currentLayer(), "down within two frames (the PLI is answered at once)");
        RtpPacket first = out.stream().skip(before).filter(p -> vp8(p).width() == 320).findFirst().orElseThrow();
        assertTrue(vp8(first).keyframe());
        for (int i = 0; i < 20; i++) {
            tick();
        }
        selector.setMaxLayer(1);
        for (int i = 0; i < 20; i++) {
            tick();
        }
        assertEquals(1, selector.currentLayer());

        int pictures = 0;
        for (int i = 1; i < out.size(); i++) {
            RtpPacket a = out.get(i - 1);
            RtpPacket b = out.get(i);
            assertEquals(0xC0FFEEL, b.ssrc());
            assertEquals(1, RtpSeq.delta(b.sequenceNumber(), a.sequenceNumber()), "no seq gap at packet " + i);
            long dts = RtpSeq.timestampDelta(b.timestamp(), a.timestamp());
            assertTrue(dts >= 0, "timestamps never go back at packet " + i);
            int dPid = Math.floorMod(vp8(b).pictureId() - vp8(a).pictureId(), 0x8000);
            int dTl0 = Math.floorMod(vp8(b).tl0PicIdx() - vp8(a).tl0PicIdx(), 256);
            if (dts == 0) {
                assertEquals(0, dPid, "same frame, same picture id");
                assertEquals(0, dTl0);
            } else {
                assertEquals(1, dPid, "next frame, next picture id at packet " + i);
                assertEquals(1, dTl0);
                assertTrue(dts > 0);
                pictures++;
            }
        }
        assertTrue(pictures > 50);
        // three at the start (each layer is the best known when its first packet arrives), then one per switch
        assertEquals(5, requester.sent());
    }

    @Test
    @DisplayName("keyframe requests for a switch are throttled to one per 300 ms per SSRC")
    void throttledWhileWaiting() {
        frame = 1;
        // the producer ignores PLIs for a while: keep the requests but do not honour them
        for (int i = 0; i < 30; i++) { // ~1 s
            upstream.clear();
            for (int l = 0; l < 3; l++) {
                for (RtpPacket p : layers[l].frame(false, 1)) {
                    producerChain.process(new PacketInfo(p, clock.micros()));
                }
            }
            clock.advanceMillis(33);
        }
        assertEquals(-1, selector.currentLayer(), "nothing forwarded without a keyframe");
        assertTrue(out.isEmpty());
        // at 0 ms for each layer as it appears, then for the top layer at 330 and 660 ms
        assertEquals(5, requester.sent());
        assertTrue(requester.throttled() > 20);
    }

    @Test
    @DisplayName("the target layer follows the bandwidth estimate and the preference, and pausing stops all")
    void selectionAgainstEstimates() {
        frame = 0;
        tick();
        selector.setLayerBitrates(150_000, 500_000, 1_500_000);
        selector.setBandwidthEstimate(2_000_000);
        assertEquals(2, selector.targetLayer());
        selector.setBandwidthEstimate(1_000_000);
        assertEquals(1, selector.targetLayer());
        selector.setBandwidthEstimate(200_000);
        assertEquals(0, selector.targetLayer());
        selector.setBandwidthEstimate(50_000);
        assertEquals(0, selector.targetLayer(), "the lowest layer even when nothing fits");
        selector.setBandwidthEstimate(2_000_000);
        selector.setMaxLayer(1);
        assertEquals(1, selector.targetLayer());
        selector.setLayerBitrates(150_000, 0, 1_500_000);
        assertEquals(0, selector.targetLayer(), "a layer the producer stopped sending is skipped");
        selector.pause();
        assertEquals(-1, selector.targetLayer());
        int before = out.size();
        tick();
        assertEquals(before, out.size());
        assertFalse(selector.currentLayer() >= 0);
        selector.setMaxLayer(2);
        assertTrue(selector.isPaused(), "a new preference does not resume");
        selector.resume();
        assertEquals(2, selector.targetLayer(), "resumed: layer 2 (1.5 Mbps) fits the 2 Mbps estimate");
    }

    @Test
    @DisplayName("sender reports follow the rewritten timeline of the forwarded layer only")
    void senderReports() {
        frame = 0;
        tick();
        SenderReportRewriter sr = new SenderReportRewriter(rewriter);
        RtpPacket last = out.get(out.size() - 1);
        long producerTs = layers[2].ts;
        var rewritten = sr.rewrite(new RtcpPacket.SenderReport(3000, 0x1234_5678_9ABC_DEF0L, producerTs, 10, 100,
            List.of()));
        assertTrue(rewritten.isPresent());
        assertEquals(0xC0FFEEL, rewritten.get().ssrc());
        assertEquals(last.timestamp(), rewritten.get().rtpTimestamp());
        assertEquals(0x1234_5678_9ABC_DEF0L, rewritten.get().ntpTimestamp());
        assertEquals(out.size(), rewritten.get().packetCount());
        assertTrue(sr.rewrite(new RtcpPacket.SenderReport(1000, 1, 1, 1, 1, List.of())).isEmpty());
    }
}
