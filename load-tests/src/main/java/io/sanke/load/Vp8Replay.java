package io.sanke.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real VP8 stream for the forwarding benchmark, encoded once with the ffmpeg command line
 * (libvpx, 1280x720 at 30 frames/s, a keyframe every 2 s) and replayed as RTP without a codec:
 * each frame is cut into packets of at most {@code maxPacket} bytes with an RFC 7741 payload
 * descriptor (15-bit picture id, S bit on a frame's first packet, marker on its last), so the
 * SFU sees what a camera sends: key and delta frames, frame boundaries, picture ids to rewrite.
 * Every packet ends with 8 bytes after the VP8 data that carry its send time ({@link #TRAILER});
 * the SFU never reads that far into a payload.
 */
final class Vp8Replay {
  /** Bytes after the VP8 data of each packet: the send time from {@link System#nanoTime()}. */
  static final int TRAILER = 8;
  private static final int HEADER = 12;
  private static final int DESCRIPTOR = 4;

  /** One packet's payload, without the send time. */
  record Chunk(byte[] data, boolean startOfFrame, boolean endOfFrame, int frame) {}

  private final List<Chunk> chunks;
  private final int frames;
  private int next;
  private int seq;
  private long loops;

  private Vp8Replay(List<Chunk> chunks, int frames) {
    this.chunks = chunks;
    this.frames = frames;
  }

  /** Encodes {@code seconds} of ffmpeg's test pattern into {@code dir} and cuts it into packets. */
  static Vp8Replay encode(Path dir, int seconds, int maxPacket) throws IOException, InterruptedException {
    Path ivf = dir.resolve("bench-vp8.ivf");
    Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
        "testsrc2=size=1280x720:rate=30", "-t", Integer.toString(seconds), "-c:v", "libvpx", "-b:v", "2M",
        "-g", "60", "-deadline", "realtime", "-cpu-used", "8", "-f", "ivf", ivf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("ffmpeg could not encode the VP8 sample; see " + dir.resolve("ffmpeg.log"));
    }
    return fromIvf(Files.readAllBytes(ivf), maxPacket);
  }

  /** Cuts the frames of an IVF file (32-byte file header, 12-byte frame headers) into packets. */
  static Vp8Replay fromIvf(byte[] ivf, int maxPacket) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(ivf).order(ByteOrder.LITTLE_ENDIAN);
    if (ivf.length < 32 || b.getInt(0) != 0x46494B44) { // "DKIF"
      throw new IOException("not an IVF file");
    }
    int room = maxPacket - HEADER - DESCRIPTOR - TRAILER;
    List<Chunk> out = new ArrayList<>();
    int pos = b.getShort(6) & 0xffff;
    int frame = 0;
    while (pos + 12 <= ivf.length) {
      int size = b.getInt(pos);
      pos += 12;
      if (size <= 0 || pos + size > ivf.length) {
        throw new IOException("truncated IVF frame " + frame);
      }
      for (int off = 0; off < size; off += room) {
        int n = Math.min(room, size - off);
        byte[] data = new byte[n];
        System.arraycopy(ivf, pos + off, data, 0, n);
        out.add(new Chunk(data, off == 0, off + n == size, frame));
      }
      pos += size;
      frame++;
    }
    if (out.isEmpty()) {
      throw new IOException("no frames in the IVF file");
    }
    return new Vp8Replay(out, frame);
  }

  /** A replay of the same packets from the start (sequence numbers and picture ids from 0). */
  Vp8Replay fresh() {
    return new Vp8Replay(chunks, frames);
  }

  int packetsPerLoop() {
    return chunks.size();
  }

  int framesPerLoop() {
    return frames;
  }

  /**
   * Writes the next packet (RTP header, descriptor, VP8 data, send time) into {@code buf} and
   * returns its length. Timestamps advance 3000 (90 kHz, 30 frames/s) per frame, picture ids
   * one per frame, across loops.
   */
  int nextPacket(byte[] buf) {
    Chunk c = chunks.get(next);
    long frame = loops * frames + c.frame();
    ByteBuffer p = ByteBuffer.wrap(buf);
    p.put((byte) 0x80).put((byte) (96 | (c.endOfFrame() ? 0x80 : 0))).putShort((short) seq++)
        .putInt((int) (frame * 3000)).putInt(0);
    int pid = (int) (frame & 0x7FFF);
    p.put((byte) (0x80 | (c.startOfFrame() ? 0x10 : 0))).put((byte) 0x80).put((byte) (0x80 | (pid >>> 8)))
        .put((byte) pid);
    p.put(c.data());
    p.putLong(System.nanoTime());
    if (++next == chunks.size()) {
      next = 0;
      loops++;
    }
    return p.position();
  }

  /** The send time a packet of {@code length} bytes carries (see {@link #TRAILER}). */
  static long sentAt(byte[] packet, int length) {
    long t = 0;
    for (int i = length - TRAILER; i < length; i++) {
      t = t << 8 | (packet[i] & 0xff);
    }
    return t;
  }
}
