package io.sanke.recorder.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes one open segment file: appends records to a 64 KiB buffer, hands the buffer to
 * the OS when it fills or when {@link #flush()} is called (about four times a second),
 * and forces the file to disk on {@link #close()}. Does not rotate on its own and does
 * not parse RTP.
 */
final class SegmentWriter implements AutoCloseable {
  private final int index;
  private final Path file;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
  private final Instant openedAt;
  private Instant first;
  private Instant last;
  private long packets;
  private long bytes;

  SegmentWriter(Path dir, int index, Instant openedAt) {
    this.index = index;
    this.file = dir.resolve(SegmentFormat.fileName(index));
    this.openedAt = openedAt;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      buffer.put(SegmentFormat.MAGIC);
    } catch (IOException e) {
      throw new CaptureException(CaptureException.IO, e, "segment not created [file:%s]", file);
    }
  }

  void append(byte[] data, int offset, int length, Instant arrival) {
    if (buffer.remaining() < SegmentFormat.RECORD_HEADER + length) {
      flush();
    }
    buffer.putShort((short) length).putLong(SegmentFormat.micros(arrival)).put(data, offset, length);
    if (first == null) {
      first = arrival;
    }
    last = arrival;
    packets++;
    bytes += length;
  }

  /** Hands buffered records to the OS (they survive a crash of this process, not of the machine). */
  void flush() {
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new CaptureException(CaptureException.IO, e, "segment not written [file:%s]", file);
    } finally {
      buffer.clear();
    }
  }

  boolean due(Instant now, Duration period) {
    return !now.isBefore(openedAt.plus(period));
  }

  String fileName() {
    return file.getFileName().toString();
  }

  /** Flushes, forces to disk and describes the closed segment. */
  Segment closeSegment(Instant now) {
    flush();
    try {
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      throw new CaptureException(CaptureException.IO, e, "segment not closed [file:%s]", file);
    }
    return new Segment(index, fileName(), first == null ? openedAt : first, last == null ? now : last, packets, bytes,
        false);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing after a failure; nothing more to do
    }
  }
}
