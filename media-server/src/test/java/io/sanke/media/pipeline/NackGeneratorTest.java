package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtcpPacket.Nack;
import io.sanke.media.rtp.RtpPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NackGeneratorTest {
    private final FakeClock clock = new FakeClock();
    private final List<RtcpPacket> sent = new ArrayList<>();
    private final NackGenerator nacks = new NackGenerator(clock, 0xABCL, sent::add,
        new NackGenerator.Config(3, Duration.ofMillis(20), Duration.ofMillis(1000), 100, Duration.ofMillis(50)));

    private void receive(long ssrc, int seq) {
        nacks.process(new PacketInfo(RtpPacket.builder().ssrc(ssrc).sequenceNumber(seq).payload(new byte[] {1})
            .build(), clock.micros()));
    }

    @Test
    @DisplayName("a gap is NACKed at once, across the sequence wrap")
    void gapNackedAtOnce() {
        receive(5, 65533);
        receive(5, 65534);
        receive(5, 1);
        assertEquals(1, sent.size());
        Nack n = (Nack) sent.get(0);
        assertEquals(0xABCL, n.senderSsrc());
        assertEquals(5, n.mediaSsrc());
        assertEquals(List.of(65535, 0), n.lostSequenceNumbers());
        assertEquals(List.of(65535, 0), nacks.missing(5));
    }

    @Test
    @DisplayName("retries are spaced by the RTT, stop when the packet arrives, and give up after the limit")
    void retries() {
        receive(5, 10);
        receive(5, 13);  // 11 and 12 missing, try 1
        sent.clear();
        clock.advanceMillis(30);
        nacks.tick();     // 30 ms < RTT 50 ms: nothing
        assertTrue(sent.isEmpty());
        clock.advanceMillis(20);
        nacks.tick();     // 50 ms: try 2 for both
        assertEquals(List.of(11, 12), ((Nack) sent.get(0)).lostSequenceNumbers());
        receive(5, 11);   // retransmission arrives
        assertEquals(1, nacks.recovered());
        nacks.setRtt(Duration.ofMillis(100));
        clock.advanceMillis(60);
        nacks.tick();     // 60 ms < new RTT 100 ms
        assertEquals(1, sent.size());
        clock.advanceMillis(40);
        nacks.tick();     // try 3 for 12 only
        assertEquals(List.of(12), ((Nack) sent.get(1)).lostSequenceNumbers());
        clock.advanceMillis(500);
        nacks.tick();     // limit of 3 reached: given up
        assertEquals(2, sent.size());
        assertEquals(1, nacks.givenUp());
        assertTrue(nacks.missing(5).isEmpty());
    }

    @Test
    @DisplayName("a jump bigger than maxMissing is a restart, not hundreds of NACKs; SSRCs are apart")
    void restartAndSsrcs() {
        receive(5, 100);
        receive(5, 5000);
        assertTrue(sent.isEmpty());
        receive(6, 1);
        receive(6, 3);
        assertEquals(6, ((Nack) sent.get(0)).mediaSsrc());
        assertTrue(nacks.missing(5).isEmpty());
        assertTrue(nacks.stats().extra().contains("restarts=1"));
    }

    @Test
    @DisplayName("packets older than maxAge are no longer asked for")
    void maxAge() {
        NackGenerator g = new NackGenerator(clock, 1, sent::add,
            new NackGenerator.Config(100, Duration.ofMillis(20), Duration.ofMillis(200), 100, Duration.ofMillis(10)),
            ssrc -> ssrc != 99);
        g.process(new PacketInfo(RtpPacket.builder().ssrc(7).sequenceNumber(1).build(), 0));
        g.process(new PacketInfo(RtpPacket.builder().ssrc(7).sequenceNumber(3).build(), 0));
        g.process(new PacketInfo(RtpPacket.builder().ssrc(99).sequenceNumber(1).build(), 0));
        g.process(new PacketInfo(RtpPacket.builder().ssrc(99).sequenceNumber(3).build(), 0));
        int tries = 1;
        for (int t = 0; t < 30; t++) {
            clock.advanceMillis(20);
            int before = sent.size();
            g.tick();
            tries += sent.size() - before;
        }
        assertEquals(11, tries, "one at once, then every 20 ms up to 200 ms");
        assertEquals(1, g.givenUp());
    }
}
