package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.rtp.RtpSeq;
import io.sanke.media.rtp.Vp8Descriptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One VP8 stream with three temporal layers in libwebrtc's 0-2-1-2 pattern, through a
 * consumer's send chain as {@code Consumer} builds it: LayerSelector → TemporalLayerFilter →
 * copy → RtpRewriter. The stream starts just before the wrap of its sequence numbers, picture
 * ids and TL0PICIDX. Packets in, packets out, a fake clock.
 */
class TemporalLayerFilteringTest {
    private static final int[] PATTERN = {0, 2, 1, 2};
    private static final long OUT_SSRC = 0xBEEFL;

    private final FakeClock clock = new FakeClock();
    private final Vp8Source source = new Vp8Source(1111, 65_500, 4_294_900_000L, 32_750, 250, 640, 360);
    private final LayerSelector selector = new LayerSelector(Codec.VP8, ssrc -> { });
    private final RtpRewriter rewriter = new RtpRewriter(OUT_SSRC, Codec.VP8, clock);
    private final TemporalLayerFilter filter = new TemporalLayerFilter(Codec.VP8, rewriter::skip);
    private final List<RtpPacket> out = new ArrayList<>();
    private final Node sendChain = Pipeline.builder().node(rewriter).sink("out", i -> out.add(i.rtp())).build();
    private final Node head = Pipeline.builder().node(selector).node(filter)
        .sink("copy", i -> sendChain.process(i.copy())).build();
    private int frames;

    /** The packets of the next frame of the pattern; a keyframe first. TL0 frames have 3 packets, the others 2. */
    private List<RtpPacket> nextFrame(boolean sync) {
        int tid = PATTERN[frames % PATTERN.length];
        List<RtpPacket> packets = source.frame(frames == 0, tid == 0 ? 3 : 2, tid, sync && tid > 0);
        frames++;
        clock.advanceMillis(33);
        return packets;
    }

    private void send(List<RtpPacket> packets) {
        for (RtpPacket p : packets) {
            head.process(new PacketInfo(p, clock.micros()));
        }
    }

    /** Sends {@code n} frames; TL1 and TL2 frames carry the layer-sync bit when {@code sync}. */
    private void sendFrames(int n, boolean sync) {
        for (int i = 0; i < n; i++) {
            send(nextFrame(sync));
        }
    }

    private int nextTid() {
        return PATTERN[frames % PATTERN.length];
    }

    private static Vp8Descriptor vp8(RtpPacket p) {
        return Vp8Descriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength());
    }

    /** TIDs of the frames sent out, one per frame. */
    private List<Integer> tidsOut() {
        List<Integer> tids = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            if (i == 0 || out.get(i).timestamp() != out.get(i - 1).timestamp()) {
                tids.add(vp8(out.get(i)).temporalLayer());
            }
        }
        return tids;
    }

    /**
     * What a receiver needs: consecutive sequence numbers; one picture id per frame, each the
     * previous + 1; TL0PICIDX + 1 at each TL0 frame and unchanged otherwise.
     */
    private void assertContinuous() {
        for (int i = 1; i < out.size(); i++) {
            RtpPacket a = out.get(i - 1);
            RtpPacket b = out.get(i);
            assertEquals(OUT_SSRC, b.ssrc());
            assertEquals(1, RtpSeq.delta(b.sequenceNumber(), a.sequenceNumber()), "no seq gap at packet " + i);
            int dPid = Math.floorMod(vp8(b).pictureId() - vp8(a).pictureId(), 0x8000);
            int dTl0 = Math.floorMod(vp8(b).tl0PicIdx() - vp8(a).tl0PicIdx(), 256);
            if (a.timestamp() == b.timestamp()) {
                assertEquals(0, dPid, "same frame, same picture id at packet " + i);
                assertEquals(0, dTl0);
            } else {
                assertTrue(RtpSeq.timestampDelta(b.timestamp(), a.timestamp()) > 0);
                assertEquals(1, dPid, "next frame, next picture id at packet " + i);
                assertEquals(vp8(b).temporalLayer() == 0 ? 1 : 0, dTl0, "TL0PICIDX at packet " + i);
            }
        }
    }

    @Test
    @DisplayName("a TL0-only consumer of a 3-temporal-layer stream receives continuous seq numbers and valid picture ids")
    void tl0OnlyConsumer() {
        filter.setMaxLayer(0);
        sendFrames(40, true);

        assertEquals(10, tidsOut().size(), "one frame in four is TL0");
        assertTrue(tidsOut().stream().allMatch(t -> t == 0));
        assertEquals(30, out.size());
        assertContinuous();
        assertEquals(0, filter.currentLayer());
        assertEquals(2, filter.highestLayerSeen());
        assertEquals(60, rewriter.skippedPackets(), "20 TL2 and 10 TL1 frames of 2 packets");
        assertEquals(0, rewriter.gapsKept());
    }

    @Test
    @DisplayName("a TL0+TL1 consumer gets half the frames, continuous across the wrap of seq, picture id and TL0PICIDX")
    void halfFrameRate() {
        filter.setMaxLayer(1);
        sendFrames(400, false);

        assertEquals(200, tidsOut().size());
        assertTrue(tidsOut().stream().allMatch(t -> t <= 1));
        assertEquals(1, filter.currentLayer());
        assertContinuous();
    }

    @Test
    @DisplayName("raising the cap waits for a layer-sync frame of a layer within the new cap, then for TL0")
    void raisingWaitsForSyncPoint() {
        filter.setMaxLayer(0);
        sendFrames(8, false);
        assertEquals(0, nextTid());
        send(nextFrame(false)); // TL0
        filter.setMaxLayer(2);
        send(nextFrame(false)); // TL2, not a sync point: still dropped
        assertEquals(0, filter.currentLayer());
        send(nextFrame(true)); // TL1 with Y: up to 1
        assertEquals(1, filter.currentLayer());
        send(nextFrame(false)); // TL2, not a sync point: dropped
        assertEquals(1, filter.currentLayer());
        send(nextFrame(false)); // TL0: up to 2
        assertEquals(2, filter.currentLayer());
        sendFrames(7, false);

        assertEquals(List.of(0, 0, 0, 1, 0, 2, 1, 2, 0, 2, 1, 2), tidsOut());
        assertContinuous();
    }

    @Test
    @DisplayName("raising the cap without any layer-sync frame switches at the next TL0 frame")
    void raisingWithoutSyncSwitchesAtTl0() {
        filter.setMaxLayer(0);
        sendFrames(5, false);
        filter.setMaxLayer(1); // next: TL2, TL1 (no Y), TL2, then TL0
        sendFrames(3, false);
        assertEquals(0, filter.currentLayer());
        sendFrames(4, false);
        assertEquals(1, filter.currentLayer());

        assertEquals(List.of(0, 0, 0, 1), tidsOut());
        assertContinuous();
    }

    @Test
    @DisplayName("lowering the cap takes effect at the next frame; the frame under way is finished")
    void loweringIsImmediateAtTheNextFrame() {
        filter.setMaxLayer(2);
        sendFrames(6, false); // 0 2 1 2 0 2 — next is TL1 (2 packets)
        List<RtpPacket> tl1 = nextFrame(false);
        send(tl1.subList(0, 1));
        filter.setMaxLayer(0);
        send(tl1.subList(1, 2)); // same picture: still forwarded
        sendFrames(5, false); // 2 0 2 1 2

        assertEquals(List.of(0, 2, 1, 2, 0, 2, 1, 0), tidsOut());
        assertEquals(0, filter.currentLayer());
        assertContinuous();
    }

    @Test
    @DisplayName("a loss in a forwarded layer stays a gap the receiver can NACK; the repair lands on its number")
    void lossInForwardedLayerStaysAGap() {
        filter.setMaxLayer(1);
        sendFrames(6, false); // next is TL1
        List<RtpPacket> tl1 = nextFrame(false);
        RtpPacket lost = tl1.get(1);
        send(tl1.subList(0, 1));
        sendFrames(3, false); // TL2 (dropped; the TL1 frame did not end: no closing over), TL0, TL2 (dropped)
        int gapAt = -1;
        for (int i = 1; i < out.size(); i++) {
            int d = RtpSeq.delta(out.get(i).sequenceNumber(), out.get(i - 1).sequenceNumber());
            if (d != 1) {
                assertEquals(2, d, "exactly the lost packet is missing");
                assertEquals(-1, gapAt, "one gap only");
                gapAt = out.get(i - 1).sequenceNumber() + 1;
            }
        }
        assertTrue(gapAt >= 0);
        int beforeRepair = vp8(out.get(out.size() - 4)).pictureId(); // the TL1 frame's first packet

        PacketInfo repair = new PacketInfo(lost.copy(), clock.micros());
        repair.setRetransmission(true);
        head.process(repair);

        RtpPacket repaired = out.get(out.size() - 1);
        assertEquals(gapAt & 0xFFFF, repaired.sequenceNumber());
        assertEquals(beforeRepair, vp8(repaired).pictureId(), "the picture id of its own frame");
    }

    @Test
    @DisplayName("losses inside dropped frames are closed over: no gap, and a late repair is dropped without one")
    void lossInDroppedLayerLeavesNoGap() {
        filter.setMaxLayer(0);
        sendFrames(4, false); // next is TL0 (3 packets), then TL2, TL1 (2 packets), TL2
        send(nextFrame(false));
        send(nextFrame(false));
        List<RtpPacket> tl1 = nextFrame(false);
        send(tl1.subList(0, 1)); // the TL1 frame's second packet is lost
        send(nextFrame(false)); // TL2, dropped: the loss lies between two dropped frames
        List<RtpPacket> tl0 = nextFrame(false);
        send(tl0);
        sendFrames(4, false);

        assertContinuous();
        assertEquals(List.of(0, 0, 0, 0), tidsOut());
        PacketInfo repair = new PacketInfo(tl1.get(1).copy(), clock.micros());
        repair.setRetransmission(true);
        int before = out.size();
        head.process(repair);
        assertEquals(before, out.size(), "the repair of a dropped frame is dropped too");
        assertEquals(0, rewriter.gapsKept());
    }

    @Test
    @DisplayName("a picture lost whole keeps its numbers free (its layer is unknown) and its late repair fills them")
    void pictureLostWhole() {
        filter.setMaxLayer(0);
        sendFrames(6, false); // next is TL1, then TL2, TL0
        List<RtpPacket> tl1 = nextFrame(false);
        send(tl1.subList(0, 1)); // dropped; its tail is lost
        List<RtpPacket> tl2 = nextFrame(false); // the TL2 picture is lost whole
        send(nextFrame(false)); // TL0, two pictures after the dropped TL1 one

        RtpPacket tl0Start = out.get(out.size() - 3);
        RtpPacket before = out.get(out.size() - 4);
        assertEquals(4, RtpSeq.delta(tl0Start.sequenceNumber(), before.sequenceNumber()),
            "the TL1 tail and the TL2 picture's two packets stay gaps");
        assertEquals(2, Math.floorMod(vp8(tl0Start).pictureId() - vp8(before).pictureId(), 0x8000),
            "the lost picture's id stays missing");

        // The publisher's repairs arrive: the TL1 tail belongs to a dropped picture and stays a gap;
        // the TL2 picture was never seen, so it fills the numbers kept free for it, whatever its layer.
        for (RtpPacket p : List.of(tl1.get(1), tl2.get(0), tl2.get(1))) {
            PacketInfo repair = new PacketInfo(p.copy(), clock.micros());
            repair.setRetransmission(true);
            head.process(repair);
        }
        assertEquals(1, rewriter.gapsKept());
        RtpPacket first = out.get(out.size() - 2);
        RtpPacket second = out.get(out.size() - 1);
        assertEquals(RtpSeq.add(before.sequenceNumber(), 2), first.sequenceNumber());
        assertEquals(RtpSeq.add(before.sequenceNumber(), 3), second.sequenceNumber());
        assertEquals(Math.floorMod(vp8(before).pictureId() + 1, 0x8000), vp8(first).pictureId());
        assertEquals(vp8(first).pictureId(), vp8(second).pictureId());
        assertEquals(2, vp8(first).temporalLayer());
    }

    @Test
    @DisplayName("a dropped frame's lost tail right before a forwarded frame's start is closed over")
    void droppedTailBeforeForwardedStart() {
        filter.setMaxLayer(0);
        sendFrames(7, false); // next is TL2, then TL0
        List<RtpPacket> tl2 = nextFrame(false);
        send(tl2.subList(0, 1)); // dropped; its tail is lost
        sendFrames(5, false); // TL0 starts with the next picture id: the missing packet was the TL2 tail

        assertContinuous();
        assertEquals(List.of(0, 0, 0, 0), tidsOut());
        PacketInfo repair = new PacketInfo(tl2.get(1).copy(), clock.micros());
        int before = out.size();
        head.process(repair);
        assertEquals(before, out.size());
        assertEquals(0, rewriter.gapsKept(), "the late tail is known as closed over");
    }

    @Test
    @DisplayName("a spatial switch under a temporal cap starts afresh on the new layer and stays continuous")
    void spatialSwitchUnderTemporalCap() {
        Vp8Source high = new Vp8Source(2222, 9_000, 7_000_000L, 123, 17, 1280, 720);
        filter.setMaxLayer(1);
        selector.setMaxLayer(0);
        int highFrames = 0;
        for (int i = 0; i < 40; i++) {
            if (i == 20) {
                selector.setMaxLayer(1);
            }
            for (RtpPacket p : nextFrame(false)) {
                PacketInfo info = new PacketInfo(p, clock.micros());
                info.setLayer(0);
                head.process(info);
            }
            int tid = PATTERN[highFrames % PATTERN.length];
            // the high layer sends a keyframe at frame 22 (asked for by the selector)
            for (RtpPacket p : high.frame(i == 22, tid == 0 ? 3 : 2, i == 22 ? 0 : tid, false)) {
                PacketInfo info = new PacketInfo(p, clock.micros());
                info.setLayer(1);
                head.process(info);
            }
            highFrames = i == 22 ? 1 : highFrames + 1;
        }

        assertEquals(1, selector.currentLayer());
        assertEquals(1, filter.currentLayer());
        assertTrue(out.stream().anyMatch(p -> vp8(p).width() == 1280), "switched at the high layer's keyframe");
        assertTrue(tidsOut().stream().allMatch(t -> t <= 1));
        assertContinuous();
    }
}
