package io.sanke.media.pipeline;

import io.sanke.media.rtp.RtcpPacket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Asks a producer for a keyframe, upstream: a PLI (RFC 4585), or a FIR (RFC 5104) with
 * its command sequence number when the producer negotiated {@code ccm fir} only. Requests
 * for one media SSRC are throttled: at most one per {@code minInterval} (300 ms by
 * default), so a layer switch by many consumers, or a consumer's PLI storm, costs the
 * publisher one keyframe. Time comes from the injected clock.
 *
 * <p>Wiring: one per producer transport; {@link LayerSelector}s and the consumers' PLI/FIR
 * handling call {@link #request(long)}; {@code rtcpOut} is the producer transport's
 * RTCP sender. Not a pipeline node: it sits beside the chains. Not thread-safe.
 */
public final class KeyframeRequester {
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMillis(300);

    private final Clock clock;
    private final long localSsrc;
    private final Consumer<RtcpPacket> rtcpOut;
    private final Duration minInterval;
    private final boolean useFir;
    private final Map<Long, Long> lastSentMillis = new HashMap<>();
    private final Map<Long, Integer> firSeq = new HashMap<>();
    private long requested;
    private long sent;
    private long throttled;

    public KeyframeRequester(Clock clock, long localSsrc, Consumer<RtcpPacket> rtcpOut, Duration minInterval,
                             boolean useFir) {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("negative keyframe request interval [interval:" + minInterval + "]");
        }
        this.clock = clock;
        this.localSsrc = localSsrc;
        this.rtcpOut = rtcpOut;
        this.minInterval = minInterval;
        this.useFir = useFir;
    }

    public KeyframeRequester(Clock clock, long localSsrc, Consumer<RtcpPacket> rtcpOut) {
        this(clock, localSsrc, rtcpOut, DEFAULT_MIN_INTERVAL, false);
    }

    /** Asks for a keyframe on {@code mediaSsrc} unless one was asked for too recently; true when sent. */
    public boolean request(long mediaSsrc) {
        requested++;
        long now = clock.millis();
        Long last = lastSentMillis.get(mediaSsrc);
        if (last != null && now - last < minInterval.toMillis()) {
            throttled++;
            return false;
        }
        lastSentMillis.put(mediaSsrc, now);
        sent++;
        if (useFir) {
            int seq = firSeq.merge(mediaSsrc, 1, (a, b) -> (a + b) & 0xFF);
            rtcpOut.accept(new RtcpPacket.Fir(localSsrc, List.of(new RtcpPacket.Fir.Entry(mediaSsrc, seq))));
        } else {
            rtcpOut.accept(new RtcpPacket.Pli(localSsrc, mediaSsrc));
        }
        return true;
    }

    public long requested() {
        return requested;
    }

    public long sent() {
        return sent;
    }

    public long throttled() {
        return throttled;
    }
}
