package io.sanke.media.pipeline;

import io.sanke.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds VP8 RTP packets as libwebrtc sends them: 15-bit picture id, TL0PICIDX, TID (0 unless a
 * frame of another temporal layer is asked for) and the layer-sync bit.
 */
final class Vp8Source {
    final long ssrc;
    final int width;
    final int height;
    int seq;
    long ts;
    int pictureId;
    int tl0;
    boolean keyframeAsked;

    Vp8Source(long ssrc, int seq, long ts, int pictureId, int tl0, int width, int height) {
        this.ssrc = ssrc;
        this.seq = seq;
        this.ts = ts;
        this.pictureId = pictureId;
        this.tl0 = tl0;
        this.width = width;
        this.height = height;
    }

    /** The packets of the next frame (3000 ticks after the previous one), temporal layer 0. */
    List<RtpPacket> frame(boolean keyframe, int packets) {
        return frame(keyframe, packets, 0, false);
    }

    /** The packets of the next frame of temporal layer {@code tid}; TL0PICIDX advances on TL0 frames only. */
    List<RtpPacket> frame(boolean keyframe, int packets, int tid, boolean layerSync) {
        ts = (ts + 3000) & 0xFFFFFFFFL;
        pictureId = (pictureId + 1) & 0x7FFF;
        if (tid == 0) {
            tl0 = (tl0 + 1) & 0xFF;
        }
        byte tidByte = (byte) ((tid << 6) | (layerSync ? 0x20 : 0));
        List<RtpPacket> out = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            byte[] payload;
            byte start = (byte) (i == 0 ? 0x90 : 0x80);
            byte[] descriptor = {start, (byte) 0xE0, (byte) (0x80 | (pictureId >>> 8)), (byte) pictureId,
                (byte) tl0, tidByte};
            if (i == 0 && keyframe) {
                byte[] header = {0x10, 0x02, 0x00, (byte) 0x9d, 0x01, 0x2a, (byte) width, (byte) (width >>> 8),
                    (byte) height, (byte) (height >>> 8)};
                payload = concat(descriptor, header);
            } else {
                payload = concat(descriptor, new byte[] {(byte) (i == 0 ? 0x01 : 0x33), 0x44, 0x55});
            }
            out.add(RtpPacket.builder().payloadType(96).ssrc(ssrc).sequenceNumber(seq).timestamp(ts)
                .marker(i == packets - 1).payload(payload).build());
            seq = (seq + 1) & 0xFFFF;
        }
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
