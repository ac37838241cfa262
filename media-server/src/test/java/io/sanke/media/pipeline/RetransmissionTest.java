package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtcpPacket.Nack;
import io.sanke.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetransmissionTest {
    private final FakeClock clock = new FakeClock();

    private RtpPacket sent(int seq) {
        return RtpPacket.builder().payloadType(96).ssrc(0x11111111L).sequenceNumber(seq).timestamp(0x01020304L)
            .marker(true).extension(3, new byte[] {0x00, 0x07}).payload(new byte[] {(byte) 0xAA, (byte) 0xBB})
            .build();
    }

    @Test
    @DisplayName("answers a NACK with an RTX packet whose bytes are exactly RFC 4588's")
    void rtxBytesExact() {
        RetransmissionCache cache = new RetransmissionCache(clock, RetransmissionCache.Config.DEFAULT);
        cache.setRtx(0x11111111L, 0x22222222L, 97, 500);
        cache.process(new PacketInfo(sent(0x1234), 0));
        List<RtpPacket> answer = cache.answer(new Nack(9, 0x11111111L, List.of(0x1234)));
        assertEquals(1, answer.size());
        byte[] expected = {
            (byte) 0x90, (byte) (0x80 | 97), 0x01, (byte) 0xF4,     // V=2 X=1, M=1 PT=97, RTX seq 500
            0x01, 0x02, 0x03, 0x04,                                 // original timestamp
            0x22, 0x22, 0x22, 0x22,                                 // RTX SSRC
            (byte) 0xBE, (byte) 0xDE, 0x00, 0x01, 0x31, 0x00, 0x07, 0x00, // extensions kept
            0x12, 0x34,                                             // OSN
            (byte) 0xAA, (byte) 0xBB                                // original payload
        };
        assertArrayEquals(expected, answer.get(0).toByteArray());
        RtpPacket second = cache.answer(new Nack(9, 0x11111111L, List.of(0x1234))).get(0);
        assertEquals(501, second.sequenceNumber());
        assertEquals(2, cache.hits());
    }

    @Test
    @DisplayName("misses what it never sent and refuses what is older than its age limit")
    void missesAndAge() {
        RetransmissionCache cache = new RetransmissionCache(clock,
            new RetransmissionCache.Config(4, java.time.Duration.ofMillis(500)));
        for (int s = 0; s < 6; s++) {
            cache.process(new PacketInfo(sent(s), 0));
        }
        // ring of 4: 0 and 1 were overwritten by 4 and 5
        assertEquals(List.of(2, 5), cache.answer(new Nack(9, 0x11111111L, List.of(0, 2, 5)))
            .stream().map(RtpPacket::sequenceNumber).toList());
        assertEquals(1, cache.misses());
        assertTrue(cache.answer(new Nack(9, 0xDEADL, List.of(2))).isEmpty());
        clock.advanceMillis(501);
        assertTrue(cache.answer(new Nack(9, 0x11111111L, List.of(3))).isEmpty());
        assertTrue(cache.stats().extra().contains("tooOld=1"));
        // without RTX the original goes out again, unchanged
        RetransmissionCache plain = new RetransmissionCache(clock, RetransmissionCache.Config.DEFAULT);
        plain.process(new PacketInfo(sent(9), 0));
        assertArrayEquals(sent(9).toByteArray(), plain.answer(new Nack(9, 0x11111111L, List.of(9))).get(0).toByteArray());
    }

    @Test
    @DisplayName("the RTX unwrapper restores what the cache wrapped, by FID or by repaired-rid")
    void unwrapRoundTrip() {
        RetransmissionCache cache = new RetransmissionCache(clock, RetransmissionCache.Config.DEFAULT);
        cache.setRtx(0x11111111L, 0x22222222L, 97, 0);
        RtpPacket original = sent(40);
        cache.process(new PacketInfo(original, 0));
        RtpPacket rtx = cache.answer(new Nack(9, 0x11111111L, List.of(40))).get(0);

        List<PacketInfo> out = new ArrayList<>();
        RtxUnwrapper unwrapper = new RtxUnwrapper(Map.of(97, 96), 0, 0);
        unwrapper.attach(new PacketSink("out", out::add));
        unwrapper.process(new PacketInfo(rtx, 0));
        assertTrue(out.isEmpty(), "unknown RTX SSRC is dropped");
        unwrapper.associate(0x22222222L, 0x11111111L);
        unwrapper.process(new PacketInfo(rtx.copy(), 0));
        assertEquals(1, out.size());
        assertTrue(out.get(0).isRetransmission());
        assertArrayEquals(original.toByteArray(), out.get(0).rtp().toByteArray());

        // rid-based: primary carries rid "h" (ext 10), RTX carries repaired-rid "h" (ext 11)
        out.clear();
        RtxUnwrapper byRid = new RtxUnwrapper(Map.of(97, 96), 10, 11);
        byRid.attach(new PacketSink("out", out::add));
        byRid.process(new PacketInfo(RtpPacket.builder().payloadType(96).ssrc(777).sequenceNumber(1)
            .extension(10, "h".getBytes()).payload(new byte[] {1}).build(), 0));
        byRid.process(new PacketInfo(RtpPacket.builder().payloadType(97).ssrc(888).sequenceNumber(9)
            .extension(11, "h".getBytes()).payload(new byte[] {0, 5, 42}).build(), 0));
        byRid.process(new PacketInfo(RtpPacket.builder().payloadType(97).ssrc(888).sequenceNumber(10)
            .payload(new byte[] {0}).build(), 0));
        assertEquals(2, out.size());
        RtpPacket restored = out.get(1).rtp();
        assertEquals(777, restored.ssrc());
        assertEquals(5, restored.sequenceNumber());
        assertEquals(96, restored.payloadType());
        assertArrayEquals(new byte[] {42}, restored.payload());
        assertEquals("h", HeaderExtensions.readString(restored, 11));
        assertTrue(byRid.stats().extra().contains("empty=1"));
    }
}
