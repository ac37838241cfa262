package io.sanke.recorder.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.*;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The composite picture: one contiguous YUV 4:2:0 buffer that decoded frames are scaled
 * into, each inside its tile (swscale writes straight into the canvas, no copy). Does
 * not decide where things go ({@link Layout} does) and does not encode.
 */
final class Canvas implements AutoCloseable {
  final int width;
  final int height;
  private final BytePointer buffer;
  private final ByteBuffer view;
  private final Map<String, SwsContext> scalers = new HashMap<>();
  private final PointerPointer<BytePointer> dst = new PointerPointer<>(4);
  private final IntPointer dstStride;

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    long size = (long) width * height * 3 / 2;
    buffer = new BytePointer(size);
    view = buffer.asByteBuffer();
    dstStride = new IntPointer(width, width / 2, width / 2, 0);
    clear();
  }

  /** Dark background (black luma, neutral chroma). */
  void clear() {
    long y = (long) width * height;
    Pointer.memset(buffer, 16, y);
    Pointer.memset(buffer.getPointer(y), 128, y / 2);
  }

  /** Scales {@code frame} into the box (letterboxed by the caller). */
  void draw(String key, AVFrame frame, Layout.Tile box) {
    SwsContext ctx = sws_getCachedContext(scalers.get(key), frame.width(), frame.height(), frame.format(), box.width(),
        box.height(), AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
    if (ctx == null) {
      return;
    }
    scalers.put(key, ctx);
    long y = (long) width * height;
    long lumaOff = (long) box.y() * width + box.x();
    long chromaOff = (long) (box.y() / 2) * (width / 2) + box.x() / 2;
    dst.put(0, buffer.getPointer(lumaOff));
    dst.put(1, buffer.getPointer(y + chromaOff));
    dst.put(2, buffer.getPointer(y + y / 4 + chromaOff));
    sws_scale(ctx, frame.data(), frame.linesize(), 0, frame.height(), dst, dstStride);
  }

  /** The whole picture (planes Y, U, V one after the other, strides width, width/2, width/2). */
  ByteBuffer bytes() {
    view.clear();
    return view;
  }

  BytePointer pointer() {
    return buffer;
  }

  @Override
  public void close() {
    scalers.values().forEach(org.bytedeco.ffmpeg.global.swscale::sws_freeContext);
    scalers.clear();
    dst.close();
    dstStride.close();
    buffer.close();
  }
}
