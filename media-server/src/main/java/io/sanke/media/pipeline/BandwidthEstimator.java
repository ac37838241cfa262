package io.sanke.media.pipeline;

import io.sanke.media.rtp.RtcpPacket.TransportCc;
import java.time.Clock;
import java.util.function.LongConsumer;

/**
 * Send-side bandwidth estimate for one consumer transport, from transport-wide CC
 * feedback, or from REMB when the receiver sends that instead. The model is deliberately
 * small (a simplification of Google Congestion Control, not a port of it):
 *
 * <ul>
 *   <li><b>Inputs.</b> For each packet sent, its transport-wide sequence number, send time
 *       and size ({@link #onPacketSent}, from {@link TransportCcTagger}). For each feedback,
 *       the arrival time of each packet or its loss ({@link #onTransportCc}).</li>
 *   <li><b>Queueing delay.</b> For each received packet, arrival minus send time is the
 *       one-way delay plus an unknown constant; the smallest value seen in the last
 *       {@code BASE_WINDOW} feedbacks is taken as the empty-queue baseline, and the mean
 *       excess over it in a feedback is the queueing delay.</li>
 *   <li><b>Loss.</b> The fraction of packets the feedback reports lost.</li>
 *   <li><b>Update</b>, once per feedback, in this order:
 *       loss &gt; 10 %: estimate × (1 − loss / 2);
 *       else queueing delay &gt; 60 ms and growing: estimate = 0.85 × the acknowledged
 *       receive rate (or × 0.85 when that is not known yet);
 *       else loss &lt; 2 % and queueing delay &lt; 20 ms: estimate × 1.08 per second elapsed;
 *       otherwise hold.</li>
 *   <li><b>REMB.</b> A REMB value is a ceiling; with REMB and no transport-cc at all, the
 *       estimate is the REMB value.</li>
 *   <li>The result is clamped to [{@code minBps}, {@code maxBps}]. There is no probing:
 *       the estimate grows only while what is sent gets through cleanly.</li>
 * </ul>
 * Time comes from the injected clock. Not a pipeline node; not thread-safe.
 */
public final class BandwidthEstimator {
    static final int BASE_WINDOW = 50;
    private static final int HISTORY = 8192;

    /** Starting value and bounds of the estimate, in bits per second. */
    public record Config(long initialBps, long minBps, long maxBps) {
        public static final Config DEFAULT = new Config(1_000_000, 100_000, 20_000_000);

        public Config {
            if (minBps <= 0 || minBps > maxBps || initialBps < minBps || initialBps > maxBps) {
                throw new IllegalArgumentException("bad bandwidth bounds [min:" + minBps + "] [initial:" + initialBps
                    + "] [max:" + maxBps + "]");
            }
        }
    }

    private final Clock clock;
    private final Config config;
    private final long[] sendMicros = new long[HISTORY];
    private final int[] sizes = new int[HISTORY];
    private final int[] seqs = new int[HISTORY];
    private final long[] baseWindow = new long[BASE_WINDOW];
    private int baseIndex;
    private int baseCount;
    private double estimate;
    private long rembBps = -1;
    private boolean tccSeen;
    private long lastUpdateMillis = -1;
    private double lastQueueingMillis;
    private double ackedBps = -1;
    private double lastLoss;
    private LongConsumer listener = bps -> { };
    private long feedbacks;

    public BandwidthEstimator(Clock clock, Config config) {
        this.clock = clock;
        this.config = config;
        this.estimate = config.initialBps();
        java.util.Arrays.fill(seqs, -1);
    }

    /** Told the new estimate after each update (e.g. {@code layerSelector::setBandwidthEstimate}). */
    public void onEstimate(LongConsumer listener) {
        this.listener = listener == null ? bps -> { } : listener;
    }

    /** A packet went out with transport-wide sequence {@code seq}. */
    public void onPacketSent(int seq, long sendTimeMicros, int sizeBytes) {
        int i = seq & (HISTORY - 1);
        seqs[i] = seq & 0xFFFF;
        sendMicros[i] = sendTimeMicros;
        sizes[i] = sizeBytes;
    }

    public void onTransportCc(TransportCc fb) {
        tccSeen = true;
        feedbacks++;
        long[] arrivals = fb.arrivalMicros();
        int known = 0;
        int lost = 0;
        double delaySum = 0;
        int delayCount = 0;
        long minDelay = Long.MAX_VALUE;
        long firstArrival = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        long ackedBytes = 0;
        for (int k = 0; k < arrivals.length; k++) {
            int seq = (fb.baseSequenceNumber() + k) & 0xFFFF;
            int i = seq & (HISTORY - 1);
            if (seqs[i] != seq) {
                continue;
            }
            known++;
            if (arrivals[k] == TransportCc.NOT_RECEIVED) {
                lost++;
                continue;
            }
            long delay = arrivals[k] - sendMicros[i];
            delaySum += delay;
            delayCount++;
            minDelay = Math.min(minDelay, delay);
            firstArrival = Math.min(firstArrival, arrivals[k]);
            lastArrival = Math.max(lastArrival, arrivals[k]);
            ackedBytes += sizes[i];
        }
        if (known == 0) {
            return;
        }
        double loss = (double) lost / known;
        double queueingMillis = 0;
        if (delayCount > 0) {
            baseWindow[baseIndex] = minDelay;
            baseIndex = (baseIndex + 1) % BASE_WINDOW;
            baseCount = Math.min(BASE_WINDOW, baseCount + 1);
            long base = Long.MAX_VALUE;
            for (int j = 0; j < baseCount; j++) {
                base = Math.min(base, baseWindow[j]);
            }
            queueingMillis = (delaySum / delayCount - base) / 1000.0;
            if (lastArrival > firstArrival) {
                double rate = ackedBytes * 8e6 / (lastArrival - firstArrival);
                ackedBps = ackedBps < 0 ? rate : 0.7 * ackedBps + 0.3 * rate;
            }
        }
        long now = clock.millis();
        double seconds = lastUpdateMillis < 0 ? 0 : (now - lastUpdateMillis) / 1000.0;
        lastUpdateMillis = now;
        if (loss > 0.10) {
            estimate *= 1 - loss / 2;
        } else if (queueingMillis > 60 && queueingMillis > lastQueueingMillis) {
            estimate = ackedBps > 0 ? Math.min(estimate, 0.85 * ackedBps) : estimate * 0.85;
        } else if (loss < 0.02 && queueingMillis < 20) {
            estimate *= Math.pow(1.08, seconds);
        }
        lastQueueingMillis = queueingMillis;
        lastLoss = loss;
        estimate = clamp(estimate);
        listener.accept(estimateBps());
    }

    /** A REMB arrived: a ceiling, or the estimate itself when no transport-cc feedback is used. */
    public void onRemb(long bps) {
        rembBps = Math.max(0, bps);
        listener.accept(estimateBps());
    }

    public long estimateBps() {
        long own = (long) estimate;
        if (rembBps >= 0) {
            return tccSeen ? clamp(Math.min(own, rembBps)) : clamp(rembBps);
        }
        return own;
    }

    private long clamp(double bps) {
        return (long) Math.max(config.minBps(), Math.min(config.maxBps(), bps));
    }

    /** The loss fraction of the last feedback, 0..1. */
    public double lastLoss() {
        return lastLoss;
    }

    /** The queueing delay of the last feedback, in milliseconds. */
    public double lastQueueingMillis() {
        return lastQueueingMillis;
    }

    public long feedbacks() {
        return feedbacks;
    }
}
