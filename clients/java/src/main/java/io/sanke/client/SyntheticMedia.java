package io.sanke.client;

import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A synthetic camera and microphone: a moving diagonal gradient (I420, a different hue
 * per classroom so screenshots tell them apart) at {@code fps}, and a sine tone in 10 ms
 * chunks of 48 kHz mono PCM. One daemon thread pumps both into webrtc-java's custom
 * sources. It does not encode or send anything: the peer connection does.
 *
 * <p>The factory of a peer using it must have no capturing audio device (libwebrtc's
 * dummy audio layer): a headless module's capture thread would feed the same send stream
 * concurrently and trip libwebrtc's RaceChecker (a fatal abort in audio_send_stream.cc).
 */
final class SyntheticMedia implements AutoCloseable {
  private final CustomVideoSource video = new CustomVideoSource();
  private final CustomAudioSource audio = new CustomAudioSource();
  private final double toneHz;
  private final ScheduledExecutorService pump;
  private final int width;
  private final int height;
  private final byte[] lumaRamp;
  private final byte u;
  private final byte v;
  private long frame;
  private long sample;

  SyntheticMedia(String name, int width, int height, int fps, double toneHz) {
    if (width < 16 || height < 16 || (width & 1) != 0 || (height & 1) != 0) {
      throw new IllegalArgumentException("synthetic video size must be even and at least 16x16 [size:" + width + "x" + height + "]");
    }
    if (fps < 1 || fps > 60) {
      throw new IllegalArgumentException("synthetic video fps must be within 1..60 [fps:" + fps + "]");
    }
    this.toneHz = toneHz;
    this.width = width;
    this.height = height;
    this.lumaRamp = new byte[width + height + 512];
    for (int i = 0; i < lumaRamp.length; i++) {
      int t = i & 0x1ff;
      lumaRamp[i] = (byte) (40 + (t < 256 ? t : 511 - t) * 170 / 255);
    }
    int hue = Math.floorMod(name.hashCode(), 360);
    this.u = (byte) (128 + 60 * Math.cos(Math.toRadians(hue)));
    this.v = (byte) (128 + 60 * Math.sin(Math.toRadians(hue)));
    this.pump = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "synthetic-media-" + name);
      t.setDaemon(true);
      return t;
    });
    pump.scheduleAtFixedRate(this::pushFrame, 0, 1000 / fps, TimeUnit.MILLISECONDS);
    pump.scheduleAtFixedRate(this::pushTone, 0, 10, TimeUnit.MILLISECONDS);
  }

  CustomVideoSource video() {
    return video;
  }

  CustomAudioSource audio() {
    return audio;
  }


  private void pushFrame() {
    try {
      long n = frame++;
      NativeI420Buffer b = NativeI420Buffer.allocate(width, height);
      ByteBuffer y = b.getDataY();
      int phase = (int) ((n * 6) % 512);
      for (int row = 0; row < height; row++) {
        y.put(row * b.getStrideY(), lumaRamp, (row + phase) % 512, width);
      }
      flat(b.getDataU(), b.getStrideU(), width / 2, height / 2, u);
      flat(b.getDataV(), b.getStrideV(), width / 2, height / 2, v);
      VideoFrame f = new VideoFrame(b, System.nanoTime());
      video.pushFrame(f);
      f.release();
    } catch (RuntimeException e) {
      // a closing source; the next close() stops the pump
    }
  }

  private static void flat(ByteBuffer plane, int stride, int w, int h, byte value) {
    byte[] row = new byte[w];
    java.util.Arrays.fill(row, value);
    for (int r = 0; r < h; r++) {
      plane.put(r * stride, row, 0, w);
    }
  }

  private void pushTone() {
    byte[] pcm = new byte[480 * 2];
    for (int k = 0; k < 480; k++) {
      short s = (short) (6000 * Math.sin(2 * Math.PI * toneHz * sample++ / 48000.0));
      pcm[2 * k] = (byte) s;
      pcm[2 * k + 1] = (byte) (s >> 8);
    }
    try {
      audio.pushAudio(pcm, 16, 48000, 1, 480);
    } catch (RuntimeException e) {
      // closing
    }
  }

  @Override
  public void close() {
    pump.shutdownNow();
    try {
      pump.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
