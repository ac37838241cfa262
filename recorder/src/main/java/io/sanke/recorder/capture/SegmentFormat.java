package io.sanke.recorder.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The segment file format: an 8-byte magic {@code SKRTP001}, then records
 * {@code [u16 length][i64 arrival, µs since the epoch][length bytes of RTP]}, big endian.
 * A record cut short by a crash is ignored by readers and cut off by recovery.
 * Does not know about tracks or codecs.
 */
final class SegmentFormat {
  static final byte[] MAGIC = "SKRTP001".getBytes(StandardCharsets.US_ASCII);
  static final int RECORD_HEADER = 10;

  private SegmentFormat() {}

  static String fileName(int index) {
    return String.format("%08d.rtpseg", index);
  }

  /** What a scan found: whole records, their byte end, and first/last arrival. */
  record Scan(long packets, long rtpBytes, long validEnd, Instant first, Instant last) {}

  /** Reads every whole record; {@code sink} may be null to only count. */
  static Scan read(Path file, Consumer<CapturedPacket> sink) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Math.max(size, 16), 1 << 20));
      long packets = 0;
      long rtpBytes = 0;
      long pos = 0;
      Instant first = null;
      Instant last = null;
      if (size < MAGIC.length) {
        return new Scan(0, 0, 0, null, null);
      }
      byte[] magic = new byte[MAGIC.length];
      ch.read(ByteBuffer.wrap(magic), 0);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new CaptureException(CaptureException.BAD_MANIFEST, "not a segment file [file:%s]", file);
      }
      pos = MAGIC.length;
      long validEnd = pos;
      buf.limit(0);
      long bufStart = pos;
      while (true) {
        int offsetInBuf = (int) (pos - bufStart);
        if (buf.limit() - offsetInBuf < RECORD_HEADER + 65535 && bufStart + buf.limit() < size) {
          // refill from pos
          buf.clear();
          bufStart = pos;
          while (buf.hasRemaining() && ch.read(buf, bufStart + buf.position()) > 0) {
            // keep reading
          }
          buf.flip();
          offsetInBuf = 0;
        }
        if (buf.limit() - offsetInBuf < RECORD_HEADER) {
          break;
        }
        int len = buf.getShort(offsetInBuf) & 0xFFFF;
        long micros = buf.getLong(offsetInBuf + 2);
        if (len < 12 || buf.limit() - offsetInBuf - RECORD_HEADER < len) {
          break;
        }
        Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        if (sink != null) {
          byte[] rtp = new byte[len];
          buf.get(offsetInBuf + RECORD_HEADER, rtp);
          sink.accept(new CapturedPacket(at, rtp));
        }
        if (first == null) {
          first = at;
        }
        last = at;
        packets++;
        rtpBytes += len;
        pos += RECORD_HEADER + len;
        validEnd = pos;
      }
      return new Scan(packets, rtpBytes, validEnd, first, last);
    } catch (IOException e) {
      throw new CaptureException(CaptureException.IO, e, "segment unreadable [file:%s]", file);
    }
  }

  static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
  }
}
