package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** abs-send-time as a consumer of a WebRTC transport sends it: ids rewritten, then re-stamped. */
class AbsSendTimeStamperTest {
    private static final int PUB_ABS_SEND_TIME = 2;
    private static final int RCV_ABS_SEND_TIME = 3;
    private static final Instant START = Instant.parse("2026-11-21T08:00:00Z");

    private final FakeClock clock = new FakeClock(START);
    private final HeaderExtensionRewriter ids = new HeaderExtensionRewriter();
    private final AbsSendTimeStamper stamper = new AbsSendTimeStamper(clock);
    private final RetransmissionCache cache = new RetransmissionCache(clock, RetransmissionCache.Config.DEFAULT);
    private final List<RtpPacket> out = new ArrayList<>();
    private final Node chain = Pipeline.builder().node(ids).node(stamper).node(cache)
        .sink("out", i -> out.add(i.rtp())).build();

    AbsSendTimeStamperTest() {
        ids.setMapping(Map.of(PUB_ABS_SEND_TIME, RCV_ABS_SEND_TIME));
        stamper.setExtensionId(RCV_ABS_SEND_TIME);
    }

    private static RtpPacket published(int seq, byte[] publisherTime) {
        return RtpPacket.builder().payloadType(96).sequenceNumber(seq).timestamp(3000L * seq).ssrc(77)
            .extension(PUB_ABS_SEND_TIME, publisherTime).payload(new byte[] {0x10, 1, 2, 3}).build();
    }

    /** 6.18 fixed point seconds of the fake clock, computed by hand: whole seconds modulo 64, then the fraction. */
    private static int expected(long millisAfterStart) {
        long seconds = (START.getEpochSecond() + millisAfterStart / 1000) % 64;
        long fraction = ((millisAfterStart % 1000) << 18) / 1000;
        return (int) ((seconds << 18) | fraction);
    }

    @Test
    @DisplayName("abs-send-time on output equals the clock's time in 6.18 format, under the receiver's id")
    void stampsTheClocksTime() {
        clock.advanceMillis(250);
        chain.process(new PacketInfo(published(1, new byte[] {0x12, 0x34, 0x56}), 0));
        clock.advanceMillis(1_000);
        chain.process(new PacketInfo(published(2, new byte[] {0x12, 0x34, 0x57}), 0));

        assertEquals(expected(250), HeaderExtensions.absSendTime(out.get(0), RCV_ABS_SEND_TIME));
        assertEquals(expected(1_250), HeaderExtensions.absSendTime(out.get(1), RCV_ABS_SEND_TIME));
        assertEquals(1 << 18, expected(1_250) - expected(250), "one second is 2^18");
        assertEquals(2, stamper.stamped());
    }

    @Test
    @DisplayName("the value wraps every 64 seconds")
    void wrapsEvery64Seconds() {
        long toWrap = (64 - START.getEpochSecond() % 64) * 1000;
        clock.advanceMillis(toWrap - 1);
        int beforeWrap = stamper.absSendTimeNow();
        clock.advanceMillis(2);
        int afterWrap = stamper.absSendTimeNow();
        assertEquals((1 << 24) - 263, beforeWrap, "1 ms under 64 s: 2^24 - 262.144, rounded down");
        assertEquals(262, afterWrap, "1 ms over 0 s");
    }

    @Test
    @DisplayName("a packet without the element, or a receiver that did not negotiate it, passes unchanged")
    void absentElementPassesUnchanged() {
        RtpPacket plain = RtpPacket.builder().payloadType(96).sequenceNumber(5).timestamp(1).ssrc(77)
            .payload(new byte[] {0x10, 1}).build();
        byte[] before = plain.toByteArray();
        chain.process(new PacketInfo(plain, 0));
        assertEquals(List.of(), toList(out.get(0).toByteArray(), before));

        stamper.setExtensionId(0);
        chain.process(new PacketInfo(published(6, new byte[] {1, 2, 3}), 0));
        assertEquals(0x010203, HeaderExtensions.absSendTime(out.get(1), RCV_ABS_SEND_TIME));
        assertEquals(0, stamper.stamped());
    }

    private static List<Integer> toList(byte[] a, byte[] b) {
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            if (i >= a.length || i >= b.length || a[i] != b[i]) {
                differing.add(i);
            }
        }
        return differing;
    }

    @Test
    @DisplayName("a retransmission from the cache is stamped again when it is sent again")
    void retransmissionIsStampedAgain() {
        cache.setRtx(77, 78, 97, 100);
        chain.process(new PacketInfo(published(9, new byte[] {0, 0, 0}), 0));
        clock.advanceMillis(120);
        List<RtpPacket> rtx = cache.answer(new RtcpPacket.Nack(1, 77, List.of(9)));
        assertEquals(1, rtx.size());
        assertEquals(expected(0), HeaderExtensions.absSendTime(rtx.get(0), RCV_ABS_SEND_TIME), "as first sent");
        assertTrue(stamper.stamp(rtx.get(0)));
        assertEquals(expected(120), HeaderExtensions.absSendTime(rtx.get(0), RCV_ABS_SEND_TIME));
    }

    @Test
    @DisplayName("with the system clock the value follows the monotonic clock and stamping allocates nothing")
    void systemClockAllocatesNothing() {
        AbsSendTimeStamper system = new AbsSendTimeStamper(Clock.systemUTC());
        system.setExtensionId(RCV_ABS_SEND_TIME);
        RtpPacket p = published(1, new byte[] {0, 0, 0});
        ids.setMapping(Map.of(PUB_ABS_SEND_TIME, RCV_ABS_SEND_TIME));
        RtpPacket mapped = RtpPacket.parse(p.buffer(), p.offset(), p.length());
        mapped.remapExtensions(idTable());
        for (int i = 0; i < 20_000; i++) {
            system.stamp(mapped);
        }
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            system.stamp(mapped);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 10,000 stamps");
        int now = HeaderExtensions.absSendTimeOf(System.nanoTime() / 1000);
        int stamped = HeaderExtensions.absSendTime(mapped, RCV_ABS_SEND_TIME);
        assertFalse(Math.floorMod(now - stamped, 1 << 24) > (1 << 18), "within a second of nanoTime");
    }

    private static int[] idTable() {
        int[] t = new int[256];
        t[PUB_ABS_SEND_TIME] = RCV_ABS_SEND_TIME;
        return t;
    }
}
