package io.sanke.media.pipeline;

import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.rtp.RtpSeq;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * Receive side: asks the sender again for what the SFU itself lost. Watches the sequence
 * numbers of each incoming SSRC; a gap puts the missing numbers on a list and a generic
 * NACK (RFC 4585) goes out at once. {@link #tick()}, which the owner calls every few tens
 * of milliseconds, asks again for what is still missing, no sooner than one RTT (or
 * {@code minRetryInterval}) after the previous ask, at most {@code maxRetries} times and
 * for no longer than {@code maxAge}; then it gives up (counted). A packet that arrives
 * (late or as a retransmission) leaves the list. A jump larger than
 * {@code maxMissing} is treated as a stream restart, not as thousands of losses.
 *
 * <p>Passes every packet on. Time comes from the injected clock only.
 */
public final class NackGenerator extends ObserverNode {
    /**
     * @param maxRetries how many NACKs one lost packet gets, the first included
     * @param minRetryInterval the least spacing between two NACKs of one packet
     * @param maxAge how long a lost packet is worth asking for
     * @param maxMissing a bigger gap is a restart, not a loss
     * @param initialRtt RTT until {@link #setRtt} gives a measured one
     */
    public record Config(int maxRetries, Duration minRetryInterval, Duration maxAge, int maxMissing,
                         Duration initialRtt) {
        public static final Config DEFAULT =
            new Config(10, Duration.ofMillis(20), Duration.ofMillis(1000), 1000, Duration.ofMillis(100));

        public Config {
            if (maxRetries < 1 || maxMissing < 1 || minRetryInterval.isNegative() || maxAge.isNegative()
                || initialRtt.isNegative()) {
                throw new IllegalArgumentException("bad NACK config " + minRetryInterval + " " + maxAge);
            }
        }
    }

    private static final class Missing {
        final long firstMillis;
        long lastSentMillis;
        int tries;

        Missing(long firstMillis) {
            this.firstMillis = firstMillis;
        }
    }

    private static final class Stream {
        int highest = -1;
        final LinkedHashMap<Integer, Missing> missing = new LinkedHashMap<>();
    }

    private final Clock clock;
    private final long localSsrc;
    private final Consumer<RtcpPacket> rtcpOut;
    private final Config config;
    private final LongPredicate enabledFor;
    private final Map<Long, Stream> streams = new HashMap<>();
    private long rttMillis;
    private long lost;
    private long recovered;
    private long givenUp;
    private long nacksSent;
    private long seqsRequested;
    private long restarts;

    /**
     * @param localSsrc the sender SSRC written into NACKs
     * @param rtcpOut where NACKs go (the transport protects and sends them upstream)
     * @param enabledFor which media SSRCs to NACK for (video only, typically)
     */
    public NackGenerator(Clock clock, long localSsrc, Consumer<RtcpPacket> rtcpOut, Config config,
                         LongPredicate enabledFor) {
        super("NackGenerator");
        this.clock = clock;
        this.localSsrc = localSsrc;
        this.rtcpOut = rtcpOut;
        this.config = config;
        this.enabledFor = enabledFor;
        this.rttMillis = config.initialRtt().toMillis();
    }

    public NackGenerator(Clock clock, long localSsrc, Consumer<RtcpPacket> rtcpOut, Config config) {
        this(clock, localSsrc, rtcpOut, config, ssrc -> true);
    }

    /** The round-trip time to the sender, from {@link RtpStats}; spaces the retries. */
    public void setRtt(Duration rtt) {
        this.rttMillis = Math.max(0, rtt.toMillis());
    }

    @Override
    protected void observe(PacketInfo info) {
        RtpPacket p = info.rtp();
        if (!enabledFor.test(p.ssrc())) {
            return;
        }
        Stream s = streams.computeIfAbsent(p.ssrc(), k -> new Stream());
        int seq = p.sequenceNumber();
        if (s.highest < 0) {
            s.highest = seq;
            return;
        }
        int d = RtpSeq.delta(seq, s.highest);
        if (d > 0) {
            if (d - 1 > config.maxMissing()) {
                restarts++;
                s.missing.clear();
                s.highest = seq;
                return;
            }
            long now = clock.millis();
            List<Integer> fresh = new ArrayList<>(d - 1);
            for (int k = 1; k < d; k++) {
                int m = RtpSeq.add(s.highest, k);
                Missing miss = new Missing(now);
                miss.tries = 1;
                miss.lastSentMillis = now;
                s.missing.put(m, miss);
                fresh.add(m);
            }
            while (s.missing.size() > config.maxMissing()) {
                Iterator<Integer> it = s.missing.keySet().iterator();
                it.next();
                it.remove();
                givenUp++;
            }
            s.highest = seq;
            if (!fresh.isEmpty()) {
                lost += fresh.size();
                send(p.ssrc(), fresh);
            }
        } else if (d < 0 && s.missing.remove(seq) != null) {
            recovered++;
        }
    }

    /** Asks again for what is still missing and is due; drops what is too old or asked too often. */
    public void tick() {
        long now = clock.millis();
        long interval = Math.max(rttMillis, config.minRetryInterval().toMillis());
        for (Map.Entry<Long, Stream> e : streams.entrySet()) {
            List<Integer> due = new ArrayList<>();
            Iterator<Map.Entry<Integer, Missing>> it = e.getValue().missing.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Integer, Missing> m = it.next();
                Missing miss = m.getValue();
                if (miss.tries >= config.maxRetries() || now - miss.firstMillis > config.maxAge().toMillis()) {
                    it.remove();
                    givenUp++;
                } else if (now - miss.lastSentMillis >= interval) {
                    miss.tries++;
                    miss.lastSentMillis = now;
                    due.add(m.getKey());
                }
            }
            if (!due.isEmpty()) {
                send(e.getKey(), due);
            }
        }
    }

    private void send(long mediaSsrc, List<Integer> seqs) {
        nacksSent++;
        seqsRequested += seqs.size();
        rtcpOut.accept(new RtcpPacket.Nack(localSsrc, mediaSsrc, seqs));
    }

    /** Sequence numbers still missing for {@code ssrc}, oldest first. */
    public List<Integer> missing(long ssrc) {
        Stream s = streams.get(ssrc);
        return s == null ? List.of() : List.copyOf(s.missing.keySet());
    }

    public long lost() {
        return lost;
    }

    public long recovered() {
        return recovered;
    }

    public long givenUp() {
        return givenUp;
    }

    public long nacksSent() {
        return nacksSent;
    }

    @Override
    protected String extraStats() {
        return "lost=" + lost + " recovered=" + recovered + " givenUp=" + givenUp + " nacksSent=" + nacksSent
            + " seqsRequested=" + seqsRequested + " restarts=" + restarts;
    }
}
