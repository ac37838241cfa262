package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtpPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HeaderExtensionRewriterTest {
    // The publisher's ids (as libwebrtc numbers them) and a receiver that numbered them otherwise.
    private static final int PUB_AUDIO_LEVEL = 1;
    private static final int PUB_ABS_SEND_TIME = 2;
    private static final int PUB_TCC = 3;
    private static final int PUB_MID = 4;
    private static final int PUB_RID = 10;
    private static final int PUB_RRID = 11;
    private static final byte[] PAYLOAD = {0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    private final FakeClock clock = new FakeClock();

    private static RtpPacket published(int seq) {
        return RtpPacket.builder().payloadType(96).sequenceNumber(seq).timestamp(3000L * seq).ssrc(77)
            .extension(PUB_MID, "0".getBytes(StandardCharsets.UTF_8))
            .extension(PUB_RID, "h".getBytes(StandardCharsets.UTF_8))
            .extension(PUB_ABS_SEND_TIME, new byte[] {0x12, 0x34, 0x56})
            .extension(PUB_TCC, new byte[] {0x00, 0x07})
            .extension(PUB_AUDIO_LEVEL, new byte[] {(byte) 0x9e})
            .payload(PAYLOAD)
            .build();
    }

    private static List<RtpPacket> run(HeaderExtensionRewriter node, RtpPacket... packets) {
        List<RtpPacket> out = new ArrayList<>();
        Node head = Pipeline.builder().node(node).sink("out", i -> out.add(i.rtp())).build();
        for (RtpPacket p : packets) {
            head.process(new PacketInfo(p, 0));
        }
        return out;
    }

    @Test
    @DisplayName("extensions the receiver negotiated get its ids, mid and rid are removed, the payload is intact")
    void remapsToTheReceiversIds() {
        HeaderExtensionRewriter node = new HeaderExtensionRewriter();
        node.setMapping(Map.of(PUB_ABS_SEND_TIME, 3, PUB_TCC, 5, PUB_AUDIO_LEVEL, 9));
        RtpPacket in = published(1);
        int before = in.length();

        RtpPacket out = run(node, in).get(0);

        RtpPacket reparsed = RtpPacket.parse(out.buffer(), out.offset(), out.length());
        assertEquals(List.of(3, 5, 9), reparsed.extensionIds());
        assertEquals(0x123456, HeaderExtensions.absSendTime(reparsed, 3));
        assertEquals(7, HeaderExtensions.transportCcSeq(reparsed, 5));
        assertEquals(new HeaderExtensions.AudioLevel(true, 30), HeaderExtensions.audioLevel(reparsed, 9));
        assertNull(HeaderExtensions.readString(reparsed, PUB_MID), "the publisher's mid is not forwarded");
        assertNull(HeaderExtensions.readString(reparsed, PUB_RID), "the publisher's rid is not forwarded");
        assertArrayEquals(PAYLOAD, reparsed.payload());
        assertEquals(1, reparsed.sequenceNumber());
        assertEquals(4, before - out.length(), "mid and rid (2 bytes each) free one word of the block");
        assertEquals(1, node.rewritten());
    }

    @Test
    @DisplayName("a packet keeping no extension loses its extension block and keeps its payload and padding")
    void emptyBlockIsRemoved() {
        HeaderExtensionRewriter node = new HeaderExtensionRewriter();
        RtpPacket in = RtpPacket.builder().payloadType(111).sequenceNumber(5).ssrc(9)
            .extension(PUB_MID, "1".getBytes(StandardCharsets.UTF_8))
            .extension(PUB_RRID, "l".getBytes(StandardCharsets.UTF_8))
            .payload(PAYLOAD).padding(4).build();

        RtpPacket out = run(node, in).get(0);

        RtpPacket reparsed = RtpPacket.parse(out.buffer(), out.offset(), out.length());
        assertFalse(reparsed.hasExtension());
        assertEquals(12, reparsed.headerLength());
        assertEquals(4, reparsed.paddingLength());
        assertArrayEquals(PAYLOAD, reparsed.payload());
        assertEquals(12 + PAYLOAD.length + 4, out.length());
    }

    @Test
    @DisplayName("two-byte extension blocks are remapped too")
    void twoByteForm() {
        HeaderExtensionRewriter node = new HeaderExtensionRewriter();
        node.setMapping(Map.of(PUB_TCC, 200));
        RtpPacket in = RtpPacket.builder().payloadType(96).sequenceNumber(2).ssrc(1).twoByteExtensions()
            .extension(PUB_MID, "video".getBytes(StandardCharsets.UTF_8))
            .extension(PUB_TCC, new byte[] {0x01, 0x02})
            .payload(PAYLOAD).build();

        RtpPacket out = run(node, in).get(0);

        RtpPacket reparsed = RtpPacket.parse(out.buffer(), out.offset(), out.length());
        assertEquals(List.of(200), reparsed.extensionIds());
        assertEquals(0x0102, HeaderExtensions.transportCcSeq(reparsed, 200));
        assertArrayEquals(PAYLOAD, reparsed.payload());
    }

    @Test
    @DisplayName("before the receiver has negotiated, nothing of the publisher's extensions is forwarded")
    void unnegotiatedDropsAll() {
        RtpPacket out = run(new HeaderExtensionRewriter(), published(3)).get(0);
        assertFalse(RtpPacket.parse(out.buffer(), out.offset(), out.length()).hasExtension());
    }

    @Test
    @DisplayName("each receiving transport numbers transport-cc with its own sequence under its own id")
    void transportCcSequencePerReceivingTransport() {
        List<RtpPacket> toA = new ArrayList<>();
        List<RtpPacket> toB = new ArrayList<>();
        HeaderExtensionRewriter ra = new HeaderExtensionRewriter();
        ra.setMapping(Map.of(PUB_TCC, 5));
        HeaderExtensionRewriter rb = new HeaderExtensionRewriter();
        rb.setMapping(Map.of(PUB_TCC, 14));
        Node a = Pipeline.builder().node(ra)
            .node(new TransportCcTagger(5, clock, new BandwidthEstimator(clock, BandwidthEstimator.Config.DEFAULT)))
            .sink("a", i -> toA.add(i.rtp())).build();
        Node b = Pipeline.builder().node(rb)
            .node(new TransportCcTagger(14, clock, new BandwidthEstimator(clock, BandwidthEstimator.Config.DEFAULT)))
            .sink("b", i -> toB.add(i.rtp())).build();
        for (int seq = 0; seq < 3; seq++) {
            RtpPacket p = published(seq);
            a.process(new PacketInfo(p.copy(), 0));
            if (seq != 1) {
                b.process(new PacketInfo(p.copy(), 0));
            }
        }
        assertEquals(List.of(0, 1, 2), toA.stream().map(p -> HeaderExtensions.transportCcSeq(p, 5)).toList());
        assertEquals(List.of(0, 1), toB.stream().map(p -> HeaderExtensions.transportCcSeq(p, 14)).toList(),
            "B's sequence has no gap for the packet only A was sent");
    }

    @Test
    @DisplayName("an id out of range is refused and the mapping stays as it was")
    void badMappingRefused() {
        HeaderExtensionRewriter node = new HeaderExtensionRewriter();
        node.setMapping(Map.of(PUB_TCC, 5));
        assertThrows(IllegalArgumentException.class, () -> node.setMapping(Map.of(PUB_TCC, 256)));
        assertEquals(Map.of(PUB_TCC, 5), node.mapping());
    }
}
