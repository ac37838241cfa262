package io.sanke.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sanke.media.rtp.RtcpPacket.Bye;
import io.sanke.media.rtp.RtcpPacket.Fir;
import io.sanke.media.rtp.RtcpPacket.Nack;
import io.sanke.media.rtp.RtcpPacket.Pli;
import io.sanke.media.rtp.RtcpPacket.ReceiverReport;
import io.sanke.media.rtp.RtcpPacket.Remb;
import io.sanke.media.rtp.RtcpPacket.ReportBlock;
import io.sanke.media.rtp.RtcpPacket.SenderReport;
import io.sanke.media.rtp.RtcpPacket.SourceDescription;
import io.sanke.media.rtp.RtcpPacket.TransportCc;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RtcpPacketTest {

    @Test
    @DisplayName("writes a PLI byte for byte as RFC 4585 draws it")
    void pliBytes() {
        byte[] expected = {(byte) 0x81, (byte) 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2};
        assertArrayEquals(expected, new Pli(1, 2).toBytes());
    }

    @Test
    @DisplayName("packs NACKed sequence numbers into PID and BLP and reads them back")
    void nackBytes() {
        Nack n = new Nack(1, 2, List.of(100, 101, 103, 116, 117, 0xFFFF, 0));
        byte[] b = n.toBytes();
        // 100 + BLP bits for 101(0), 103(2), 116(15); 117 starts a new pair; 65535 + BLP bit for 0.
        assertEquals(24, b.length);
        assertEquals(100, Bytes.u16(b, 12));
        assertEquals(0b1000_0000_0000_0101, Bytes.u16(b, 14));
        assertEquals(117, Bytes.u16(b, 16));
        assertEquals(0, Bytes.u16(b, 18));
        assertEquals(0xFFFF, Bytes.u16(b, 20));
        assertEquals(1, Bytes.u16(b, 22));
        Nack back = (Nack) RtcpPacket.parseCompound(b, 0, b.length).get(0);
        assertEquals(List.of(100, 101, 103, 116, 117, 0xFFFF, 0), back.lostSequenceNumbers());
    }

    @Test
    @DisplayName("round-trips a compound SR, RR, SDES, BYE, FIR and REMB")
    void compoundRoundTrip() {
        ReportBlock block = new ReportBlock(9, 25, -3, 70000, 123, 0x11223344L, 65536);
        SenderReport sr = new SenderReport(1, 0xE5A1B2C3D4E5F607L, 90000, 10, 1000, List.of(block));
        ReceiverReport rr = new ReceiverReport(2, List.of(block, block));
        SourceDescription sdes = new SourceDescription(List.of(
            new SourceDescription.Chunk(1, List.of(new SourceDescription.Item(SourceDescription.CNAME, "课堂-1")))));
        Bye bye = new Bye(List.of(1L, 2L), "lesson over");
        Fir fir = new Fir(5, List.of(new Fir.Entry(6, 7)));
        Remb remb = new Remb(5, 1_500_000, List.of(6L, 7L));
        List<RtcpPacket> all = List.of(sr, rr, sdes, bye, fir, remb);
        byte[] bytes = RtcpPacket.serialize(all);
        List<RtcpPacket> back = RtcpPacket.parseCompound(bytes, 0, bytes.length);
        assertEquals(List.of(sr, rr, sdes, bye, fir), back.subList(0, 5));
        Remb r = assertInstanceOf(Remb.class, back.get(5));
        assertEquals(List.of(6L, 7L), r.ssrcs());
        // 18-bit mantissa: 1 500 000 = 366 211 * 2^2 + 4, within 0.01 %.
        assertEquals(1_500_000, r.bitrateBps(), 1_500_000 * 0.0001);
        assertEquals(0xB2C3D4E5L, sr.compactNtp());
    }

    @Test
    @DisplayName("round-trips transport-cc feedback with losses, small, large and negative deltas")
    void transportCcRoundTrip() {
        long ref = 1000L * 64_000;
        long[] arrivals = new long[40];
        long t = ref;
        for (int i = 0; i < arrivals.length; i++) {
            t += i == 20 ? 100_000 : (i == 30 ? -1_000 : 1_000);
            arrivals[i] = (i >= 5 && i < 8) ? TransportCc.NOT_RECEIVED : t;
        }
        TransportCc fb = new TransportCc(1, 2, 65530, 1000, 7, arrivals);
        byte[] b = fb.toBytes();
        assertEquals(0, b.length % 4);
        TransportCc back = (TransportCc) RtcpPacket.parseCompound(b, 0, b.length).get(0);
        assertEquals(65530, back.baseSequenceNumber());
        assertEquals(7, back.feedbackCount());
        assertEquals(1000, back.referenceTime());
        assertArrayEquals(arrivals, back.arrivalMicros());
    }

    @Test
    @DisplayName("parses a run-length chunk and a one-bit status vector chunk")
    void transportCcChunks() {
        // base 10, 16 packets, ref 1, fb 0; run of 2 received-small, then 1-bit vector 14 symbols alternating.
        byte[] b = {
            (byte) 0x8F, (byte) 205, 0, 8, 0, 0, 0, 1, 0, 0, 0, 2,
            0, 10, 0, 16, 0, 0, 1, 0,
            0x20, 0x02,                         // run length: symbol 1, run 2
            (byte) 0xAA, (byte) 0xAA,           // 1-bit vector: 1,0,1,0,... (14 symbols)
            4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0  // 9 small deltas of 1 ms, padding
        };
        TransportCc fb = (TransportCc) RtcpPacket.parseCompound(b, 0, b.length).get(0);
        assertEquals(16, fb.packetCount());
        long[] a = fb.arrivalMicros();
        assertEquals(65_000, a[0]);
        assertEquals(66_000, a[1]);
        assertEquals(67_000, a[2]);
        assertEquals(TransportCc.NOT_RECEIVED, a[3]);
        assertEquals(73_000, a[14]);
    }

    @Test
    @DisplayName("rejects lengths and counts that do not fit")
    void rejectsMalformed() {
        byte[] pli = new Pli(1, 2).toBytes();
        assertThrows(MalformedPacketException.class, () -> RtcpPacket.parseCompound(pli, 0, 11));
        byte[] sr = new SenderReport(1, 2, 3, 4, 5, List.of()).toBytes();
        sr[0] = (byte) 0x81; // claims a report block it does not have
        assertThrows(MalformedPacketException.class, () -> RtcpPacket.parseCompound(sr, 0, sr.length));
        byte[] emptyFir = new Pli(1, 2).toBytes();
        emptyFir[0] = (byte) 0x84; // FMT 4 without an FCI entry
        assertThrows(MalformedPacketException.class, () -> RtcpPacket.parseCompound(emptyFir, 0, emptyFir.length));
        assertThrows(IllegalArgumentException.class, () -> new Bye(List.of(), "x".repeat(256)));
        byte[] trailing = java.util.Arrays.copyOf(pli, 14);
        assertThrows(MalformedPacketException.class, () -> RtcpPacket.parseCompound(trailing, 0, trailing.length));
    }

    @Test
    @DisplayName("five thousand mutated compound packets parse or fail with MalformedPacketException only")
    void mutationFuzz() {
        long[] arrivals = new long[30];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = i % 4 == 0 ? TransportCc.NOT_RECEIVED : 64_000 + i * 3_000L;
        }
        byte[] valid = RtcpPacket.serialize(List.of(
            new SenderReport(1, 2, 3, 4, 5, List.of(new ReportBlock(9, 1, 2, 3, 4, 5, 6))),
            new SourceDescription(List.of(new SourceDescription.Chunk(1,
                List.of(new SourceDescription.Item(1, "cname"))))),
            new Nack(1, 2, List.of(5, 6, 9)), new TransportCc(1, 2, 100, 1, 3, arrivals),
            new Remb(1, 800_000, List.of(2L)), new Fir(1, List.of(new Fir.Entry(2, 3))), new Pli(1, 2),
            new Bye(List.of(1L), "bye")));
        java.util.Random r = new java.util.Random(42);
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] b = valid.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            int len = r.nextBoolean() ? b.length : r.nextInt(b.length + 1);
            try {
                for (RtcpPacket p : RtcpPacket.parseCompound(b, 0, len)) {
                    p.toBytes();
                }
                parsed++;
            } catch (MalformedPacketException expected) {
                // counted by the transport
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(parsed > 100, "some mutations still parse: " + parsed);
    }
}
