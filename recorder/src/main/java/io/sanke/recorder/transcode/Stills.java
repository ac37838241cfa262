package io.sanke.recorder.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.*;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/** Writes JPEG stills of the canvas (poster, timeline thumbnails) at a given size. */
final class Stills implements AutoCloseable {
  private SwsContext ctx;
  private BytePointer rgb;
  private long rgbSize;

  void write(Canvas c, int w, int h, Path file) {
    ctx = sws_getCachedContext(ctx, c.width, c.height, AV_PIX_FMT_YUV420P, w, h, AV_PIX_FMT_BGR24, SWS_BICUBIC, null,
        null, (DoublePointer) null);
    long size = (long) w * h * 3;
    if (rgb == null || rgbSize < size) {
      if (rgb != null) {
        rgb.close();
      }
      rgb = new BytePointer(size);
      rgbSize = size;
    }
    long y = (long) c.width * c.height;
    BytePointer base = c.pointer();
    try (PointerPointer<BytePointer> src = new PointerPointer<>(base, base.getPointer(y), base.getPointer(y + y / 4), null);
        IntPointer srcStride = new IntPointer(c.width, c.width / 2, c.width / 2, 0);
        PointerPointer<BytePointer> dst = new PointerPointer<>(rgb, null, null, null);
        IntPointer dstStride = new IntPointer(w * 3, 0, 0, 0)) {
      sws_scale(ctx, src, srcStride, 0, c.height, dst, dstStride);
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    rgb.position(0).get(((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, (int) size);
    try {
      if (!ImageIO.write(img, "jpg", file.toFile())) {
        throw new TranscodeException(TranscodeException.IO, "no JPEG writer [file:%s]", file);
      }
    } catch (IOException e) {
      throw new TranscodeException(TranscodeException.IO, e, "still not written [file:%s]", file);
    }
  }

  @Override
  public void close() {
    if (ctx != null) {
      sws_freeContext(ctx);
    }
    if (rgb != null) {
      rgb.close();
    }
  }
}
