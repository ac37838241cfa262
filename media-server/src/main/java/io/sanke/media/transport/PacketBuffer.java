package io.sanke.media.transport;

import java.util.Arrays;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * A growable byte region (buffer, offset, length) that jitsi-srtp transforms in place.
 * Not thread-safe; one packet at a time.
 */
public final class PacketBuffer implements ByteArrayBuffer {
  private byte[] buffer;
  private int offset;
  private int length;

  public PacketBuffer(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
  }

  /** Points this region at {@code buffer[offset, offset + length)} (to reuse one instance). */
  public PacketBuffer reset(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    return this;
  }

  /** Copies {@code len} bytes with {@code headroom} spare bytes after them (for SRTP tags). */
  public static PacketBuffer copyOf(byte[] src, int off, int len, int headroom) {
    byte[] b = new byte[len + headroom];
    System.arraycopy(src, off, b, 0, len);
    return new PacketBuffer(b, 0, len);
  }

  @Override
  public byte[] getBuffer() {
    return buffer;
  }

  @Override
  public int getOffset() {
    return offset;
  }

  @Override
  public int getLength() {
    return length;
  }

  @Override
  public void setLength(int len) {
    this.length = len;
  }

  @Override
  public void setOffset(int off) {
    this.offset = off;
  }

  @Override
  public boolean isInvalid() {
    return false;
  }

  @Override
  public void readRegionToBuff(int off, int len, byte[] outBuf) {
    System.arraycopy(buffer, offset + off, outBuf, 0, len);
  }

  @Override
  public void grow(int howMuch) {
    if (buffer.length - offset - length < howMuch) {
      buffer = Arrays.copyOfRange(buffer, offset, offset + length + howMuch);
      offset = 0;
    }
  }

  @Override
  public void append(byte[] data, int len) {
    grow(len);
    System.arraycopy(data, 0, buffer, offset + length, len);
    length += len;
  }

  @Override
  public void shrink(int len) {
    length = Math.max(0, length - len);
  }
}
