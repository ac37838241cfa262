package io.sanke.recorder.transcode;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Puts encoded frames back together from RTP payloads of one track, in arrival order.
 * A lost packet inside a video frame drops that frame and every frame up to the next
 * keyframe (the decoder would show corruption otherwise); audio just skips.
 * Counts what it dropped; does not decode.
 */
sealed interface Depacketizer permits Depacketizer.Opus, Depacketizer.Vp8, Depacketizer.H264 {

  /** Feeds one packet (extended timestamp); complete frames go to {@code out}. */
  void push(RtpView rtp, byte[] packet, long timestamp, long sequence, Consumer<EncodedFrame> out);

  long droppedFrames();

  static Depacketizer forCodec(String codec) {
    return switch (codec) {
      case "opus" -> new Opus();
      case "VP8" -> new Vp8();
      case "H264" -> new H264();
      default -> throw new TranscodeException(TranscodeException.CODEC, "codec not supported [codec:%s]", codec);
    };
  }

  /** Opus: one packet per RTP payload (RFC 7587). */
  final class Opus implements Depacketizer {
    private long dropped;

    @Override
    public void push(RtpView rtp, byte[] packet, long timestamp, long sequence, Consumer<EncodedFrame> out) {
      if (rtp.payloadLength() == 0) {
        dropped++;
        return;
      }
      byte[] data = new byte[rtp.payloadLength()];
      System.arraycopy(packet, rtp.payloadOffset(), data, 0, data.length);
      out.accept(new EncodedFrame(data, timestamp, true));
    }

    @Override
    public long droppedFrames() {
      return dropped;
    }
  }

  /** Shared frame assembly for video: packets of one timestamp until the marker bit. */
  abstract sealed class VideoAssembler permits Vp8, H264 {
    final ByteArrayOutputStream frame = new ByteArrayOutputStream(64 * 1024);
    long frameTs = Long.MIN_VALUE;
    long expectedSeq = Long.MIN_VALUE;
    boolean broken;
    boolean keyframe;
    boolean waitKeyframe = true;
    long dropped;

    final void assemble(RtpView rtp, byte[] packet, long timestamp, long sequence, Consumer<EncodedFrame> out) {
      if (expectedSeq != Long.MIN_VALUE && sequence < expectedSeq) {
        return; // duplicate or too late
      }
      boolean lost = expectedSeq != Long.MIN_VALUE && sequence != expectedSeq;
      expectedSeq = sequence + 1;
      if (timestamp != frameTs) {
        if (frame.size() > 0) {
          dropped++; // previous frame never got its marker
        }
        frame.reset();
        frameTs = timestamp;
        broken = lost;
        keyframe = false;
        if (!startsFrame(packet, rtp)) {
          broken = true;
        }
      } else if (lost) {
        broken = true;
      }
      if (lost) {
        waitKeyframe = true;
      }
      if (!broken) {
        broken = !appendPayload(packet, rtp);
      }
      if (rtp.marker()) {
        if (!broken && frame.size() > 0 && (!waitKeyframe || keyframe)) {
          waitKeyframe = false;
          out.accept(new EncodedFrame(frame.toByteArray(), frameTs, keyframe));
        } else {
          dropped++;
        }
        frame.reset();
        frameTs = Long.MIN_VALUE;
      }
    }

    abstract boolean startsFrame(byte[] packet, RtpView rtp);

    /** Appends the packet's share of the frame; false when the payload is malformed. */
    abstract boolean appendPayload(byte[] packet, RtpView rtp);

    public long droppedFrames() {
      return dropped;
    }
  }

  /** VP8 (RFC 7741): strips the payload descriptor. */
  final class Vp8 extends VideoAssembler implements Depacketizer {
    @Override
    public void push(RtpView rtp, byte[] packet, long timestamp, long sequence, Consumer<EncodedFrame> out) {
      assemble(rtp, packet, timestamp, sequence, out);
    }

    private static int descriptorLength(byte[] p, int off, int len) {
      int i = off;
      int end = off + len;
      if (i >= end) {
        return -1;
      }
      boolean x = (p[i] & 0x80) != 0;
      i++;
      if (x) {
        if (i >= end) {
          return -1;
        }
        int ext = p[i] & 0xFF;
        i++;
        if ((ext & 0x80) != 0) { // I: picture id
          if (i >= end) {
            return -1;
          }
          i += (p[i] & 0x80) != 0 ? 2 : 1;
        }
        if ((ext & 0x40) != 0) { // L: TL0PICIDX
          i++;
        }
        if ((ext & 0x30) != 0) { // T or K
          i++;
        }
      }
      return i > end ? -1 : i - off;
    }

    @Override
    boolean startsFrame(byte[] p, RtpView rtp) {
      int off = rtp.payloadOffset();
      boolean start = rtp.payloadLength() > 0 && (p[off] & 0x10) != 0 && (p[off] & 0x07) == 0;
      if (start) {
        int d = descriptorLength(p, off, rtp.payloadLength());
        keyframe = d > 0 && d < rtp.payloadLength() && (p[off + d] & 0x01) == 0;
      }
      return start;
    }

    @Override
    boolean appendPayload(byte[] p, RtpView rtp) {
      int d = descriptorLength(p, rtp.payloadOffset(), rtp.payloadLength());
      if (d < 0) {
        return false;
      }
      frame.write(p, rtp.payloadOffset() + d, rtp.payloadLength() - d);
      return true;
    }

    @Override
    public long droppedFrames() {
      return dropped;
    }
  }

  /** H.264 (RFC 6184, packetization mode 1): single NAL, STAP-A and FU-A into Annex B. */
  final class H264 extends VideoAssembler implements Depacketizer {
    private static final byte[] START = {0, 0, 0, 1};

    @Override
    public void push(RtpView rtp, byte[] packet, long timestamp, long sequence, Consumer<EncodedFrame> out) {
      assemble(rtp, packet, timestamp, sequence, out);
    }

    @Override
    boolean startsFrame(byte[] p, RtpView rtp) {
      if (rtp.payloadLength() < 1) {
        return false;
      }
      int type = p[rtp.payloadOffset()] & 0x1F;
      // FU-A continuation packets cannot start a frame
      return type != 28 || (rtp.payloadLength() > 1 && (p[rtp.payloadOffset() + 1] & 0x80) != 0);
    }

    private void nal(byte[] p, int off, int len) {
      int type = p[off] & 0x1F;
      if (type == 5 || type == 7) {
        keyframe = true;
      }
      frame.write(START, 0, 4);
      frame.write(p, off, len);
    }

    @Override
    boolean appendPayload(byte[] p, RtpView rtp) {
      int off = rtp.payloadOffset();
      int len = rtp.payloadLength();
      if (len < 1) {
        return false;
      }
      int type = p[off] & 0x1F;
      if (type >= 1 && type <= 23) {
        nal(p, off, len);
        return true;
      }
      if (type == 24) { // STAP-A
        int i = off + 1;
        int end = off + len;
        while (i + 2 <= end) {
          int n = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
          i += 2;
          if (n == 0 || i + n > end) {
            return false;
          }
          nal(p, i, n);
          i += n;
        }
        return true;
      }
      if (type == 28 && len >= 2) { // FU-A
        int fuHeader = p[off + 1] & 0xFF;
        if ((fuHeader & 0x80) != 0) {
          int nalType = fuHeader & 0x1F;
          if (nalType == 5) {
            keyframe = true;
          }
          frame.write(START, 0, 4);
          frame.write((p[off] & 0xE0) | nalType);
        }
        frame.write(p, off + 2, len - 2);
        return true;
      }
      return false;
    }

    @Override
    public long droppedFrames() {
      return dropped;
    }
  }
}
