package io.sanke.recorder.transcode;

/**
 * Mixes everyone's audio on the lesson timeline: decoded samples are added at their
 * sample position into a ring (stereo, 48 kHz), and taken out in order for the encoders.
 * Samples that come after their position was taken out, or too far ahead, are counted
 * and dropped. Clips the sum to [-1, 1]; does not resample.
 */
final class AudioMixer {
  static final int RATE = 48_000;
  static final int CHANNELS = 2;

  private final float[] ring;
  private final int capacity; // in sample frames
  private long taken; // next sample frame to take
  private long late;
  private long overflow;

  AudioMixer(int seconds) {
    capacity = RATE * seconds;
    ring = new float[capacity * CHANNELS];
  }

  /** Adds {@code n} sample frames starting at lesson sample {@code pos}; {@code right} may equal {@code left}. */
  void add(long pos, float[] left, float[] right, int n) {
    for (int i = 0; i < n; i++) {
      long p = pos + i;
      if (p < taken) {
        late++;
        continue;
      }
      if (p >= taken + capacity) {
        overflow++;
        continue;
      }
      int idx = (int) (p % capacity) * CHANNELS;
      ring[idx] += left[i];
      ring[idx + 1] += right[i];
    }
  }

  /** Takes the next {@code n} sample frames, interleaved, into {@code out}. */
  void take(int n, float[] out) {
    for (int i = 0; i < n; i++) {
      int idx = (int) ((taken + i) % capacity) * CHANNELS;
      out[2 * i] = clip(ring[idx]);
      out[2 * i + 1] = clip(ring[idx + 1]);
      ring[idx] = 0;
      ring[idx + 1] = 0;
    }
    taken += n;
  }

  private static float clip(float v) {
    return v > 1f ? 1f : v < -1f ? -1f : v;
  }

  long taken() {
    return taken;
  }

  long lateSamples() {
    return late;
  }

  long overflowSamples() {
    return overflow;
  }
}
