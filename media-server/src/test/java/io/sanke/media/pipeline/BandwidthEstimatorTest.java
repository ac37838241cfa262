package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.RtcpPacket.TransportCc;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BandwidthEstimatorTest {
    private final FakeClock clock = new FakeClock();
    private final BandwidthEstimator bwe = new BandwidthEstimator(clock, BandwidthEstimator.Config.DEFAULT);
    private int seq;
    private long sendMicros = 1_000_000;
    private long queueMicros;

    /**
     * Sends 100 ms of 1200-byte packets at {@code bps} and feeds back their fate: every
     * {@code lossEvery}-th lost (0 = none), arrival = send + 20 ms + queue, the queue
     * growing by {@code queueGrowthMicros} per packet.
     */
    private void round(long bps, int lossEvery, long queueGrowthMicros) {
        int packets = (int) (bps / 8 / 1200 / 10);
        long gap = 100_000 / packets;
        long[] arrivals = new long[packets];
        int base = seq;
        for (int i = 0; i < packets; i++) {
            bwe.onPacketSent(seq, sendMicros, 1200);
            queueMicros += queueGrowthMicros;
            arrivals[i] = lossEvery > 0 && i % lossEvery == 0 ? TransportCc.NOT_RECEIVED
                : sendMicros + 20_000 + queueMicros;
            seq = (seq + 1) & 0xFFFF;
            sendMicros += gap;
        }
        long first = sendMicros - packets * gap;
        int ref = (int) (first / 64_000);
        clock.advanceMillis(100);
        bwe.onTransportCc(new TransportCc(1, 2, base, ref, 0, arrivals));
    }

    @Test
    @DisplayName("grows about 8 % a second while feedback is clean")
    void growsWhenClean() {
        for (int i = 0; i < 50; i++) {
            round(900_000, 0, 0);
        }
        double expected = 1_000_000 * Math.pow(1.08, 4.9);
        assertEquals(expected, bwe.estimateBps(), expected * 0.01);
        assertEquals(0, bwe.lastLoss());
    }

    @Test
    @DisplayName("backs off in proportion to heavy loss and holds under moderate loss")
    void lossBackOff() {
        round(960_000, 5, 0); // 10 packets, 2 lost: 20 %
        assertEquals(900_000, bwe.estimateBps(), 1);
        round(960_000, 20, 0); // 1 lost: 10 %, hold
        assertEquals(900_000, bwe.estimateBps(), 1);
    }

    @Test
    @DisplayName("drops under the acknowledged rate when the queue keeps growing")
    void delayBackOff() {
        for (int i = 0; i < 5; i++) {
            round(800_000, 0, 0);
        }
        for (int i = 0; i < 5; i++) {
            round(800_000, 0, 2_000); // +2 ms per packet: the bottleneck is slower than we send
        }
        assertTrue(bwe.lastQueueingMillis() > 60);
        assertTrue(bwe.estimateBps() < 800_000, "estimate " + bwe.estimateBps());
    }

    @Test
    @DisplayName("follows REMB alone, and uses it as a ceiling with transport-cc")
    void remb() {
        long[] told = new long[1];
        bwe.onEstimate(bps -> told[0] = bps);
        bwe.onRemb(300_000);
        assertEquals(300_000, bwe.estimateBps());
        assertEquals(300_000, told[0]);
        round(900_000, 0, 0);
        assertEquals(300_000, bwe.estimateBps());
        bwe.onRemb(5_000_000);
        assertEquals(1_000_000, bwe.estimateBps());
        bwe.onRemb(1);
        assertEquals(BandwidthEstimator.Config.DEFAULT.minBps(), bwe.estimateBps());
    }
}
