package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sanke.media.rtp.NtpTime;
import io.sanke.media.rtp.RtcpPacket.ReportBlock;
import io.sanke.media.rtp.RtcpPacket.SenderReport;
import io.sanke.media.rtp.RtpPacket;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RtpStatsTest {
    private final FakeClock clock = new FakeClock();
    private final RtpStats stats = new RtpStats("rx", clock, pt -> pt == 0 ? 8000 : 0, 0x5EEDL);

    private void arrive(int seq, long ts, long atMillis) {
        long start = clock.millis();
        clock.advanceMillis(atMillis - (start - base));
        RtpPacket p = RtpPacket.builder().payloadType(0).ssrc(42).sequenceNumber(seq).timestamp(ts)
            .payload(new byte[88]).build();
        stats.process(new PacketInfo(p, clock.micros()));
    }

    private final long base = clock.millis();

    @Test
    @DisplayName("computes RFC 3550 jitter, loss and the report block for a known sequence")
    void jitterAndLoss() {
        // 8 kHz, 20 ms packets; arrivals 0, 20, 45, 60, 85 ms; seq 3 lost.
        arrive(0, 0, 0);
        arrive(1, 160, 20);
        arrive(2, 320, 45);
        arrive(4, 640, 60);
        arrive(5, 800, 85);
        // transit in ticks: 0, 0, 40, -160, -120 → |D|: 0, 40, 200, 40
        double j = 0;
        for (int d : new int[] {0, 40, 200, 40}) {
            j += (d - j) / 16.0;
        }
        RtpStats.StreamStats s = stats.stream(42);
        assertEquals(j / 8.0, s.jitterMillis(), 1e-9);
        assertEquals(5, s.packets());
        assertEquals(1, s.lost());
        assertEquals(1.0 / 6, s.lossFraction(), 1e-9);
        assertEquals(5 * 100 * 8, s.bitrateBps(), "500 bytes in the last second");

        stats.onSenderReportReceived(new SenderReport(42, 0x0000_1234_5678_0000L, 0, 0, 0, List.of()));
        clock.advanceMillis(500);
        ReportBlock rb = stats.reportBlocks().get(0);
        assertEquals(42, rb.ssrc());
        assertEquals(256 / 6, rb.fractionLost());
        assertEquals(1, rb.cumulativeLost());
        assertEquals(5, rb.extendedHighestSeq());
        assertEquals((long) j, rb.jitter());
        assertEquals(0x1234_5678L, rb.lastSr());
        assertEquals(32768, rb.delaySinceLastSr());
        assertEquals(0, stats.reportBlocks().get(0).fractionLost(), "nothing lost since the last report");
        clock.advanceMillis(2000);
        assertEquals(0, stats.stream(42).bitrateBps(), "the window has moved on");
    }

    @Test
    @DisplayName("extends sequence numbers across the wrap")
    void wrap() {
        arrive(65534, 0, 0);
        arrive(65535, 160, 20);
        arrive(1, 480, 60);
        assertEquals(65536 + 1, stats.reportBlocks().get(0).extendedHighestSeq());
        assertEquals(1, stats.stream(42).lost());
    }

    @Test
    @DisplayName("measures RTT from a report block echoing our sender report")
    void rtt() {
        arrive(1, 0, 0);
        long ntp = NtpTime.fromUnixMillis(clock.millis());
        stats.onSenderReportSent(NtpTime.compact(ntp));
        clock.advanceMillis(520);
        stats.onReportBlock(new ReportBlock(42, 0, 0, 1, 0, NtpTime.compact(ntp), 32768));
        assertEquals(20, stats.stream(42).rttMillis());
        assertEquals(0x5EEDL, stats.receiverReport().ssrc());
    }
}
