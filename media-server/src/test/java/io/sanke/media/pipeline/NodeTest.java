package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.Packet;
import io.sanke.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NodeTest {
    private static PacketInfo raw(byte[] b) {
        return new PacketInfo(new Packet(b, 0, b.length), 0);
    }

    private static PacketInfo rtp(int pt, int seq) {
        RtpPacket p = RtpPacket.builder().payloadType(pt).sequenceNumber(seq).ssrc(1).payload(new byte[] {1, 2})
            .build();
        return new PacketInfo(new Packet(p.toByteArray(), 0, p.length()), 0);
    }

    @Test
    @DisplayName("a chain built top to bottom counts packets in, out and dropped at every node")
    void chainCounts() {
        List<PacketInfo> out = new ArrayList<>();
        RtpParser parser = new RtpParser();
        Node head = Pipeline.builder()
            .node(parser)
            .node(new FilterNode("odd-only") {
                @Override
                protected boolean accept(PacketInfo info) {
                    return info.rtp().sequenceNumber() % 2 == 1;
                }
            })
            .sink("out", out::add)
            .build();
        for (int i = 0; i < 10; i++) {
            head.process(rtp(96, i));
        }
        head.process(raw(new byte[] {1, 2, 3}));
        List<NodeStats> stats = Pipeline.stats(head);
        assertEquals(3, stats.size());
        assertEquals(11, stats.get(0).packetsIn());
        assertEquals(10, stats.get(0).packetsOut());
        assertEquals(1, stats.get(0).dropped());
        assertEquals(1, parser.malformed());
        assertEquals(5, stats.get(1).packetsOut());
        assertEquals(5, stats.get(1).dropped());
        assertEquals(5, out.size());
        assertEquals(5 * 14, stats.get(2).bytesIn());
        assertTrue(Pipeline.describe(head).contains("odd-only in=10"));
    }

    @Test
    @DisplayName("an exception inside a node is counted and the packet dropped, never thrown")
    void exceptionsStayInside() {
        List<PacketInfo> out = new ArrayList<>();
        Node head = Pipeline.builder()
            .node(new TransformerNode("boom") {
                @Override
                protected PacketInfo transform(PacketInfo info) {
                    throw new IllegalStateException("boom");
                }
            })
            .sink("out", out::add)
            .build();
        head.process(rtp(96, 1));
        assertEquals(1, head.stats().errors());
        assertEquals(1, head.stats().dropped());
        assertTrue(out.isEmpty());
        PacketInfo unparsed = raw(new byte[20]);
        Node needsRtp = new AudioLevelReader(1, null);
        needsRtp.process(unparsed); // observer: error counted, packet still passed on
        assertEquals(1, needsRtp.stats().errors());
        assertEquals(1, needsRtp.stats().packetsOut());
    }

    @Test
    @DisplayName("a demuxer sends each packet down the first path that accepts it and drops the rest")
    void demux() {
        List<PacketInfo> audio = new ArrayList<>();
        List<PacketInfo> video = new ArrayList<>();
        Node head = Pipeline.builder()
            .node(new RtpParser())
            .demux("by-pt", d -> d
                .path("audio", i -> i.rtp().payloadType() == 111, c -> c.sink("audio", audio::add))
                .path("video", i -> i.rtp().payloadType() == 96, c -> c.sink("video", video::add)))
            .build();
        head.process(rtp(111, 1));
        head.process(rtp(96, 2));
        head.process(rtp(96, 3));
        head.process(rtp(0, 4));
        assertEquals(1, audio.size());
        assertEquals(2, video.size());
        NodeStats demux = Pipeline.stats(head).get(1);
        assertEquals("by-pt", demux.name());
        assertEquals(1, demux.dropped());
        assertEquals(3, demux.packetsOut());
        assertThrows(UnsupportedOperationException.class, () -> head.next().attach(head));
    }

    @Test
    @DisplayName("ten thousand random and truncated datagrams through the parser are counted, none escapes")
    void fuzzThroughParser() {
        Random r = new Random(7);
        List<PacketInfo> out = new ArrayList<>();
        RtpParser parser = new RtpParser();
        Node head = Pipeline.builder().node(parser).node(new RtxUnwrapper(java.util.Map.of(97, 96), 10, 11))
            .node(new AudioLevelReader(1, null)).node(new SimulcastDemux(10, List.of("q", "h", "f")))
            .sink("out", out::add).build();
        byte[] good = new Vp8Source(5, 1, 1, 1, 1, 320, 180).frame(true, 1).get(0).toByteArray();
        for (int i = 0; i < 10_000; i++) {
            byte[] b;
            if (i % 3 == 0) {
                b = new byte[r.nextInt(200)];
                r.nextBytes(b);
            } else {
                b = java.util.Arrays.copyOf(good, r.nextInt(good.length + 1));
                if (b.length > 0) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt();
                }
            }
            head.process(raw(b));
        }
        long accounted = parser.malformed() + parser.paddingOnly() + parser.stats().packetsOut();
        assertEquals(10_000, accounted);
        assertTrue(parser.malformed() > 5_000, "most random bytes are not RTP: " + parser.stats());
        for (NodeStats s : Pipeline.stats(head)) {
            assertEquals(0, s.errors(), s.toString());
        }
    }
}
