package io.sanke.media.rtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One RTCP packet of a compound datagram, as an immutable value. {@link #parseCompound}
 * turns decrypted SRTCP bytes into a list of them (throwing
 * {@link MalformedPacketException} when a length or a count does not fit);
 * {@link #serialize(List)} turns a list back into one compound datagram. Types the SFU
 * does not use come back as {@link Unknown} with their bytes, so they can be relayed.
 *
 * <p>Covers RFC 3550 (SR, RR, SDES, BYE), RFC 4585 (generic NACK, PLI), RFC 5104 (FIR),
 * draft-alvestrand-rmcat-remb (REMB) and draft-holmer-rmcat-transport-wide-cc-extensions
 * (transport-wide CC feedback).
 *
 * <p>Wiring: the transport parses every SRTCP datagram with {@code parseCompound} and
 * routes each packet by type (feedback to the consumer it names, SR to the producer);
 * nodes that emit feedback get a {@code Consumer<RtcpPacket>} and the transport
 * serializes and protects what it receives.
 */
public sealed interface RtcpPacket {
    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;
    int RTPFB = 205;
    int PSFB = 206;

    /** Size in bytes on the wire, a multiple of 4. */
    int size();

    /** Writes the packet at {@code off}; returns the bytes written ({@link #size()}). */
    int writeTo(byte[] buf, int off);

    default byte[] toBytes() {
        byte[] b = new byte[size()];
        writeTo(b, 0);
        return b;
    }

    /** One datagram holding all {@code packets} (a compound packet). */
    static byte[] serialize(List<? extends RtcpPacket> packets) {
        int size = 0;
        for (RtcpPacket p : packets) {
            size += p.size();
        }
        byte[] b = new byte[size];
        int off = 0;
        for (RtcpPacket p : packets) {
            off += p.writeTo(b, off);
        }
        return b;
    }

    /** Cheap check (RFC 5761): version 2 and payload type 192..223. */
    static boolean looksLikeRtcp(byte[] buf, int off, int len) {
        if (len < 8) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        int pt = buf[off + 1] & 0xFF;
        return (b0 >>> 6) == 2 && pt >= 192 && pt <= 223;
    }

    /** Parses a compound RTCP datagram; throws {@link MalformedPacketException} on bad bytes. */
    static List<RtcpPacket> parseCompound(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off + len > buf.length) {
            throw new MalformedPacketException("bad slice");
        }
        if (len < 4) {
            throw new MalformedPacketException("shorter than an RTCP header [length:" + len + "]");
        }
        List<RtcpPacket> out = new ArrayList<>(2);
        int p = off;
        int end = off + len;
        while (p < end) {
            if (end - p < 4) {
                throw new MalformedPacketException("trailing bytes after RTCP packet [bytes:" + (end - p) + "]");
            }
            int b0 = buf[p] & 0xFF;
            if ((b0 >>> 6) != 2) {
                throw new MalformedPacketException("not RTCP version 2 [version:" + (b0 >>> 6) + "]");
            }
            int size = (Bytes.u16(buf, p + 2) + 1) * 4;
            if (p + size > end) {
                throw new MalformedPacketException("RTCP length beyond the end [size:" + size + "]");
            }
            int body = size;
            if ((b0 & 0x20) != 0) {
                int pad = buf[p + size - 1] & 0xFF;
                if (pad == 0 || pad > size - 4) {
                    throw new MalformedPacketException("bad RTCP padding [padding:" + pad + "]");
                }
                body -= pad;
            }
            try {
                out.add(parseOne(buf, p, body, size));
            } catch (IllegalArgumentException e) {
                throw new MalformedPacketException("RTCP packet out of range: " + e.getMessage());
            }
            p += size;
        }
        return out;
    }

    private static RtcpPacket parseOne(byte[] b, int p, int body, int size) {
        int count = b[p] & 0x1F;
        int pt = b[p + 1] & 0xFF;
        switch (pt) {
            case SR -> {
                need(body, 28 + 24 * count, "SR");
                long ssrc = Bytes.u32(b, p + 4);
                long ntp = (Bytes.u32(b, p + 8) << 32) | Bytes.u32(b, p + 12);
                return new SenderReport(ssrc, ntp, Bytes.u32(b, p + 16), Bytes.u32(b, p + 20),
                    Bytes.u32(b, p + 24), ReportBlock.parseAll(b, p + 28, count));
            }
            case RR -> {
                need(body, 8 + 24 * count, "RR");
                return new ReceiverReport(Bytes.u32(b, p + 4), ReportBlock.parseAll(b, p + 8, count));
            }
            case SDES -> {
                return SourceDescription.parse(b, p, body, count);
            }
            case BYE -> {
                need(body, 4 + 4 * count, "BYE");
                List<Long> ssrcs = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    ssrcs.add(Bytes.u32(b, p + 4 + 4 * i));
                }
                String reason = null;
                int r = p + 4 + 4 * count;
                if (r < p + body) {
                    int rl = b[r] & 0xFF;
                    need(body, 4 + 4 * count + 1 + rl, "BYE reason");
                    reason = new String(b, r + 1, rl, StandardCharsets.UTF_8);
                }
                return new Bye(ssrcs, reason);
            }
            case RTPFB -> {
                need(body, 12, "RTPFB");
                long sender = Bytes.u32(b, p + 4);
                long media = Bytes.u32(b, p + 8);
                if (count == Nack.FMT) {
                    return Nack.parse(b, p, body, sender, media);
                }
                if (count == TransportCc.FMT) {
                    return TransportCc.parse(b, p, body, sender, media);
                }
            }
            case PSFB -> {
                need(body, 12, "PSFB");
                long sender = Bytes.u32(b, p + 4);
                long media = Bytes.u32(b, p + 8);
                if (count == Pli.FMT) {
                    return new Pli(sender, media);
                }
                if (count == Fir.FMT) {
                    int n = (body - 12) / 8;
                    List<Fir.Entry> entries = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        int e = p + 12 + 8 * i;
                        entries.add(new Fir.Entry(Bytes.u32(b, e), b[e + 4] & 0xFF));
                    }
                    return new Fir(sender, entries);
                }
                if (count == Remb.FMT && body >= 20 && b[p + 12] == 'R' && b[p + 13] == 'E'
                    && b[p + 14] == 'M' && b[p + 15] == 'B') {
                    int n = b[p + 16] & 0xFF;
                    need(body, 20 + 4 * n, "REMB");
                    int exp = (b[p + 17] & 0xFF) >>> 2;
                    long mantissa = ((b[p + 17] & 0x03L) << 16) | Bytes.u16(b, p + 18);
                    List<Long> ssrcs = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        ssrcs.add(Bytes.u32(b, p + 20 + 4 * i));
                    }
                    return new Remb(sender, exp > 45 ? Long.MAX_VALUE : mantissa << exp, ssrcs);
                }
            }
            default -> {
            }
        }
        return new Unknown(pt, count, Arrays.copyOfRange(b, p, p + size));
    }

    private static void need(int body, int needed, String what) {
        if (body < needed) {
            throw new MalformedPacketException(what + " shorter than its counts say [have:" + body + "] [need:" + needed + "]");
        }
    }

    private static void header(byte[] b, int off, int countOrFmt, int pt, int size) {
        b[off] = (byte) (0x80 | countOrFmt);
        b[off + 1] = (byte) pt;
        Bytes.put16(b, off + 2, size / 4 - 1);
    }

    /**
     * One reception report block (RFC 3550 §6.4.1).
     *
     * @param fractionLost loss since the last report, in 1/256
     * @param cumulativeLost 24-bit signed total lost
     * @param lastSr middle 32 bits of the NTP time of the last SR received (LSR)
     * @param delaySinceLastSr DLSR in 1/65536 s
     */
    record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq,
                       long jitter, long lastSr, long delaySinceLastSr) {
        static final int SIZE = 24;

        static List<ReportBlock> parseAll(byte[] b, int off, int count) {
            List<ReportBlock> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int p = off + SIZE * i;
                int lost = Bytes.u24(b, p + 5);
                if ((lost & 0x800000) != 0) {
                    lost |= 0xFF000000;
                }
                list.add(new ReportBlock(Bytes.u32(b, p), b[p + 4] & 0xFF, lost, Bytes.u32(b, p + 8),
                    Bytes.u32(b, p + 12), Bytes.u32(b, p + 16), Bytes.u32(b, p + 20)));
            }
            return list;
        }

        void writeTo(byte[] b, int p) {
            Bytes.put32(b, p, ssrc);
            b[p + 4] = (byte) fractionLost;
            Bytes.put24(b, p + 5, cumulativeLost & 0xFFFFFF);
            Bytes.put32(b, p + 8, extendedHighestSeq);
            Bytes.put32(b, p + 12, jitter);
            Bytes.put32(b, p + 16, lastSr);
            Bytes.put32(b, p + 20, delaySinceLastSr);
        }
    }

    /** Sender report; {@code ntpTimestamp} is the full 64-bit NTP time. */
    record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                        List<ReportBlock> reports) implements RtcpPacket {
        public SenderReport {
            reports = List.copyOf(reports);
            if (reports.size() > 31) {
                throw new IllegalArgumentException("at most 31 report blocks [count:" + reports.size() + "]");
            }
        }

        /** The middle 32 bits of the NTP time, as echoed in LSR. */
        public long compactNtp() {
            return (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
        }

        public SenderReport withSsrcAndRtpTimestamp(long newSsrc, long newRtpTimestamp) {
            return new SenderReport(newSsrc, ntpTimestamp, newRtpTimestamp, packetCount, octetCount, reports);
        }

        @Override
        public int size() {
            return 28 + ReportBlock.SIZE * reports.size();
        }

        @Override
        public int writeTo(byte[] b, int off) {
            header(b, off, reports.size(), SR, size());
            Bytes.put32(b, off + 4, ssrc);
            Bytes.put32(b, off + 8, ntpTimestamp >>> 32);
            Bytes.put32(b, off + 12, ntpTimestamp);
            Bytes.put32(b, off + 16, rtpTimestamp);
            Bytes.put32(b, off + 20, packetCount);
            Bytes.put32(b, off + 24, octetCount);
            for (int i = 0; i < reports.size(); i++) {
                reports.get(i).writeTo(b, off + 28 + ReportBlock.SIZE * i);
            }
            return size();
        }
    }

    /** Receiver report. */
    record ReceiverReport(long ssrc, List<ReportBlock> reports) implements RtcpPacket {
        public ReceiverReport {
            reports = List.copyOf(reports);
            if (reports.size() > 31) {
                throw new IllegalArgumentException("at most 31 report blocks [count:" + reports.size() + "]");
            }
        }

        @Override
        public int size() {
            return 8 + ReportBlock.SIZE * reports.size();
        }

        @Override
        public int writeTo(byte[] b, int off) {
            header(b, off, reports.size(), RR, size());
            Bytes.put32(b, off + 4, ssrc);
            for (int i = 0; i < reports.size(); i++) {
                reports.get(i).writeTo(b, off + 8 + ReportBlock.SIZE * i);
            }
            return size();
        }
    }

    /** SDES: chunks of items (type 1 is CNAME). */
    record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
        public static final int CNAME = 1;

        public SourceDescription {
            chunks = List.copyOf(chunks);
        }

        /** One SDES item; the value is at most 255 bytes of UTF-8. */
        public record Item(int type, String value) {
            public Item {
                if (type < 1 || type > 255 || value == null
                    || value.getBytes(StandardCharsets.UTF_8).length > 255) {
                    throw new IllegalArgumentException("bad SDES item [type:" + type + "]");
                }
            }
        }

        /** The items of one source. */
        public record Chunk(long ssrc, List<Item> items) {
            public Chunk {
                items = List.copyOf(items);
            }

            int size() {
                int s = 4;
                for (Item i : items) {
                    s += 2 + i.value().getBytes(StandardCharsets.UTF_8).length;
                }
                return (s + 1 + 3) / 4 * 4; // at least one terminating NUL, then word aligned
            }
        }

        static SourceDescription parse(byte[] b, int p, int body, int count) {
            List<Chunk> chunks = new ArrayList<>(count);
            int q = p + 4;
            int end = p + body;
            for (int c = 0; c < count; c++) {
                need(end - q, 4, "SDES chunk");
                long ssrc = Bytes.u32(b, q);
                q += 4;
                List<Item> items = new ArrayList<>();
                while (true) {
                    if (q >= end) {
                        throw new MalformedPacketException("SDES chunk not terminated");
                    }
                    int type = b[q] & 0xFF;
                    if (type == 0) {
                        q = p + ((q - p) / 4 + 1) * 4;
                        break;
                    }
                    need(end - q, 2, "SDES item");
                    int len = b[q + 1] & 0xFF;
                    need(end - q, 2 + len, "SDES item");
                    items.add(new Item(type, new String(b, q + 2, len, StandardCharsets.UTF_8)));
                    q += 2 + len;
                }
                chunks.add(new Chunk(ssrc, items));
            }
            return new SourceDescription(chunks);
        }

        @Override
        public int size() {
            int s = 4;
            for (Chunk c : chunks) {
                s += c.size();
            }
            return s;
        }

        @Override
        public int writeTo(byte[] b, int off) {
            int size = size();
            Arrays.fill(b, off, off + size, (byte) 0);
            header(b, off, chunks.size(), SDES, size);
            int q = off + 4;
            for (Chunk c : chunks) {
                int start = q;
                Bytes.put32(b, q, c.ssrc());
                q += 4;
                for (Item i : c.items()) {
                    byte[] v = i.value().getBytes(StandardCharsets.UTF_8);
                    b[q] = (byte) i.type();
                    b[q + 1] = (byte) v.length;
                    System.arraycopy(v, 0, b, q + 2, v.length);
                    q += 2 + v.length;
                }
                q = start + c.size();
            }
            return size;
        }
    }

    /** BYE with an optional reason. */
    record Bye(List<Long> ssrcs, String reason) implements RtcpPacket {
        public Bye {
            ssrcs = List.copyOf(ssrcs);
            if (ssrcs.size() > 31 || (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > 255)) {
                throw new IllegalArgumentException("BYE takes at most 31 SSRCs and a 255-byte reason");
            }
        }

        @Override
        public int size() {
            int s = 4 + 4 * ssrcs.size();
            if (reason != null) {
                s += (1 + reason.getBytes(StandardCharsets.UTF_8).length + 3) / 4 * 4;
            }
            return s;
        }

        @Override
        public int writeTo(byte[] b, int off) {
            int size = size();
            Arrays.fill(b, off, off + size, (byte) 0);
            header(b, off, ssrcs.size(), BYE, size);
            for (int i = 0; i < ssrcs.size(); i++) {
                Bytes.put32(b, off + 4 + 4 * i, ssrcs.get(i));
            }
            if (reason != null) {
                byte[] r = reason.getBytes(StandardCharsets.UTF_8);
                int q = off + 4 + 4 * ssrcs.size();
                b[q] = (byte) r.length;
                System.arraycopy(r, 0, b, q + 1, r.length);
            }
            return size;
        }
    }

    /** Picture loss indication (RFC 4585 §6.3.1). */
    record Pli(long senderSsrc, long mediaSsrc) implements RtcpPacket {
        public static final int FMT = 1;

        @Override
        public int size() {
            return 12;
        }

        @Override
        public int writeTo(byte[] b, int off) {
            header(b, off, FMT, PSFB, 12);
            Bytes.put32(b, off + 4, senderSsrc);
            Bytes.put32(b, off + 8, mediaSsrc);
            return 12;
        }
    }

    /** Full intra request (RFC 5104 §4.3.1); the media SSRC field is zero, targets are in the entries. */
    record Fir(long senderSsrc, List<Entry> entries) implements RtcpPacket {
        public static final int FMT = 4;

        public Fir {
            entries = List.copyOf(entries);
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("a FIR needs at least one entry");
            }
        }

        /** One FCI: the target and the command sequence number (increment per new request). */
        public record Entry(long ssrc, int sequenceNumber) {
        }

        @Override
        public int size() {
            return 12 + 8 * entries.size();
        }

        @Override
        public int writeTo(byte[] b, int off) {
            int size = size();
            Arrays.fill(b, off, off + size, (byte) 0);
            header(b, off, FMT, PSFB, size);
            Bytes.put32(b, off + 4, senderSsrc);
            for (int i = 0; i < entries.size(); i++) {
                Bytes.put32(b, off + 12 + 8 * i, entries.get(i).ssrc());
                b[off + 16 + 8 * i] = (byte) entries.get(i).sequenceNumber();
            }
            return size;
        }
    }

    /** Generic NACK (RFC 4585 §6.2.1): the lost sequence numbers, in the order given. */
    record Nack(long senderSsrc, long mediaSsrc, List<Integer> lostSequenceNumbers) implements RtcpPacket {
        public static final int FMT = 1;

        public Nack {
            lostSequenceNumbers = List.copyOf(lostSequenceNumbers);
            if (lostSequenceNumbers.isEmpty()) {
                throw new IllegalArgumentException("a NACK needs at least one sequence number");
            }
        }

        static Nack parse(byte[] b, int p, int body, long sender, long media) {
            List<Integer> lost = new ArrayList<>();
            for (int q = p + 12; q + 4 <= p + body; q += 4) {
                int pid = Bytes.u16(b, q);
                int blp = Bytes.u16(b, q + 2);
                lost.add(pid);
                for (int i = 0; i < 16; i++) {
                    if ((blp & (1 << i)) != 0) {
                        lost.add((pid + i + 1) & 0xFFFF);
                    }
                }
            }
            if (lost.isEmpty()) {
                throw new MalformedPacketException("NACK without FCI");
            }
            return new Nack(sender, media, lost);
        }

        private List<int[]> pairs() {
            List<int[]> pairs = new ArrayList<>();
            int[] cur = null;
            for (int seq : lostSequenceNumbers) {
                int d = cur == null ? -1 : RtpSeq.delta(seq, cur[0]);
                if (cur != null && d >= 1 && d <= 16) {
                    cur[1] |= 1 << (d - 1);
                } else {
                    cur = new int[] {seq & 0xFFFF, 0};
                    pairs.add(cur);
                }
            }
            return pairs;
        }

        @Override
        public int size() {
            return 12 + 4 * pairs().size();
        }

        @Override
        public int writeTo(byte[] b, int off) {
            List<int[]> pairs = pairs();
            int size = 12 + 4 * pairs.size();
            header(b, off, FMT, RTPFB, size);
            Bytes.put32(b, off + 4, senderSsrc);
            Bytes.put32(b, off + 8, mediaSsrc);
            for (int i = 0; i < pairs.size(); i++) {
                Bytes.put16(b, off + 12 + 4 * i, pairs.get(i)[0]);
                Bytes.put16(b, off + 14 + 4 * i, pairs.get(i)[1]);
            }
            return size;
        }
    }

    /** Receiver estimated maximum bitrate, in bits per second, for the listed SSRCs. */
    record Remb(long senderSsrc, long bitrateBps, List<Long> ssrcs) implements RtcpPacket {
        public static final int FMT = 15;

        public Remb {
            ssrcs = List.copyOf(ssrcs);
            if (bitrateBps < 0) {
                throw new IllegalArgumentException("negative bitrate [bps:" + bitrateBps + "]");
            }
        }

        @Override
        public int size() {
            return 20 + 4 * ssrcs.size();
        }

        @Override
        public int writeTo(byte[] b, int off) {
            header(b, off, FMT, PSFB, size());
            Bytes.put32(b, off + 4, senderSsrc);
            Bytes.put32(b, off + 8, 0);
            b[off + 12] = 'R';
            b[off + 13] = 'E';
            b[off + 14] = 'M';
            b[off + 15] = 'B';
            b[off + 16] = (byte) ssrcs.size();
            long mantissa = bitrateBps;
            int exp = 0;
            while (mantissa > 0x3FFFF) {
                mantissa >>>= 1;
                exp++;
            }
            b[off + 17] = (byte) ((exp << 2) | (int) (mantissa >>> 16));
            Bytes.put16(b, off + 18, (int) mantissa);
            for (int i = 0; i < ssrcs.size(); i++) {
                Bytes.put32(b, off + 20 + 4 * i, ssrcs.get(i));
            }
            return size();
        }
    }

    /** Any other RTCP packet, kept whole. */
    record Unknown(int packetType, int countOrFmt, byte[] bytes) implements RtcpPacket {
        @Override
        public int size() {
            return bytes.length;
        }

        @Override
        public int writeTo(byte[] b, int off) {
            System.arraycopy(bytes, 0, b, off, bytes.length);
            return bytes.length;
        }
    }

    /**
     * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
     * §3.1). {@code arrivalMicros[i]} is the arrival time of transport sequence
     * {@code baseSequenceNumber + i} in microseconds on the receiver's clock
     * ({@code referenceTime * 64 ms} plus the deltas), or {@link #NOT_RECEIVED}.
     * Built with 2-bit status vectors and run-length chunks for long runs.
     */
    record TransportCc(long senderSsrc, long mediaSsrc, int baseSequenceNumber, int referenceTime,
                       int feedbackCount, long[] arrivalMicros) implements RtcpPacket {
        public static final int FMT = 15;
        public static final long NOT_RECEIVED = Long.MIN_VALUE;
        private static final int DELTA_TICK_MICROS = 250;

        public TransportCc {
            arrivalMicros = arrivalMicros.clone();
            if (arrivalMicros.length == 0 || arrivalMicros.length > 0xFFFF) {
                throw new IllegalArgumentException("bad packet status count [count:" + arrivalMicros.length + "]");
            }
        }

        public int packetCount() {
            return arrivalMicros.length;
        }

        public boolean received(int index) {
            return arrivalMicros[index] != NOT_RECEIVED;
        }

        @Override
        public long[] arrivalMicros() {
            return arrivalMicros.clone();
        }

        static TransportCc parse(byte[] b, int p, int body, long sender, long media) {
            need(body, 20, "transport-cc");
            int base = Bytes.u16(b, p + 12);
            int count = Bytes.u16(b, p + 14);
            if (count == 0) {
                throw new MalformedPacketException("transport-cc without packets");
            }
            int ref = Bytes.u24(b, p + 16);
            if ((ref & 0x800000) != 0) {
                ref |= 0xFF000000;
            }
            int fbCount = b[p + 19] & 0xFF;
            int end = p + body;
            int q = p + 20;
            int[] symbols = new int[count];
            int i = 0;
            while (i < count) {
                if (q + 2 > end) {
                    throw new MalformedPacketException("transport-cc status chunks beyond the end");
                }
                int chunk = Bytes.u16(b, q);
                q += 2;
                if ((chunk & 0x8000) == 0) {
                    int symbol = (chunk >>> 13) & 3;
                    int run = chunk & 0x1FFF;
                    for (int k = 0; k < run && i < count; k++) {
                        symbols[i++] = symbol;
                    }
                } else if ((chunk & 0x4000) == 0) {
                    for (int k = 0; k < 14 && i < count; k++) {
                        symbols[i++] = (chunk >>> (13 - k)) & 1;
                    }
                } else {
                    for (int k = 0; k < 7 && i < count; k++) {
                        symbols[i++] = (chunk >>> (12 - 2 * k)) & 3;
                    }
                }
            }
            long[] arrivals = new long[count];
            long t = ref * 64_000L;
            for (int k = 0; k < count; k++) {
                switch (symbols[k]) {
                    case 0 -> arrivals[k] = NOT_RECEIVED;
                    case 1 -> {
                        if (q + 1 > end) {
                            throw new MalformedPacketException("transport-cc deltas beyond the end");
                        }
                        t += (b[q] & 0xFF) * (long) DELTA_TICK_MICROS;
                        q += 1;
                        arrivals[k] = t;
                    }
                    case 2 -> {
                        if (q + 2 > end) {
                            throw new MalformedPacketException("transport-cc deltas beyond the end");
                        }
                        t += (short) Bytes.u16(b, q) * (long) DELTA_TICK_MICROS;
                        q += 2;
                        arrivals[k] = t;
                    }
                    default -> throw new MalformedPacketException("transport-cc reserved status symbol");
                }
            }
            return new TransportCc(sender, media, base, ref, fbCount, arrivals);
        }

        /** Symbols, chunks and deltas; computed for size() and writeTo(). */
        private record Encoding(List<Integer> chunks, byte[] deltas, int deltaLength) {
        }

        private Encoding encode() {
            int n = arrivalMicros.length;
            int[] symbols = new int[n];
            byte[] deltas = new byte[2 * n];
            int dl = 0;
            long prev = referenceTime * 64_000L;
            for (int k = 0; k < n; k++) {
                if (arrivalMicros[k] == NOT_RECEIVED) {
                    continue;
                }
                long ticks = Math.round((arrivalMicros[k] - prev) / (double) DELTA_TICK_MICROS);
                if (ticks >= 0 && ticks <= 255) {
                    symbols[k] = 1;
                    deltas[dl++] = (byte) ticks;
                } else if (ticks >= Short.MIN_VALUE && ticks <= Short.MAX_VALUE) {
                    symbols[k] = 2;
                    Bytes.put16(deltas, dl, (int) ticks);
                    dl += 2;
                } else {
                    throw new IllegalArgumentException("arrival delta out of range [index:" + k + "]");
                }
                prev += ticks * DELTA_TICK_MICROS;
            }
            List<Integer> chunks = new ArrayList<>();
            int k = 0;
            while (k < n) {
                int run = 1;
                while (k + run < n && symbols[k + run] == symbols[k] && run < 0x1FFF) {
                    run++;
                }
                if (run >= 7) {
                    chunks.add((symbols[k] << 13) | run);
                    k += run;
                } else {
                    int chunk = 0xC000;
                    for (int j = 0; j < 7 && k < n; j++, k++) {
                        chunk |= symbols[k] << (12 - 2 * j);
                    }
                    chunks.add(chunk);
                }
            }
            return new Encoding(chunks, deltas, dl);
        }

        @Override
        public int size() {
            Encoding e = encode();
            return (20 + 2 * e.chunks().size() + e.deltaLength() + 3) / 4 * 4;
        }

        @Override
        public int writeTo(byte[] b, int off) {
            Encoding e = encode();
            int raw = 20 + 2 * e.chunks().size() + e.deltaLength();
            int size = (raw + 3) / 4 * 4;
            Arrays.fill(b, off, off + size, (byte) 0);
            header(b, off, FMT, RTPFB, size);
            if (size != raw) {
                b[off] |= 0x20;
                b[off + size - 1] = (byte) (size - raw);
            }
            Bytes.put32(b, off + 4, senderSsrc);
            Bytes.put32(b, off + 8, mediaSsrc);
            Bytes.put16(b, off + 12, baseSequenceNumber & 0xFFFF);
            Bytes.put16(b, off + 14, arrivalMicros.length);
            Bytes.put24(b, off + 16, referenceTime & 0xFFFFFF);
            b[off + 19] = (byte) feedbackCount;
            int q = off + 20;
            for (int c : e.chunks()) {
                Bytes.put16(b, q, c);
                q += 2;
            }
            System.arraycopy(e.deltas(), 0, b, q, e.deltaLength());
            return size;
        }
    }
}
