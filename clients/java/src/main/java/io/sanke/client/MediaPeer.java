package io.sanke.client;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One libwebrtc peer connection of a headless classroom: it sends a synthetic camera
 * (VP8, {@code layers} simulcast encodings by rid, each half the size of the next) and a tone,
 * receives the m-sections it is asked to add, counts every decoded video frame and the
 * loudness of every received audio track in its own sinks, and reads getStats. It always
 * offers (the SFU answers). It does not talk to signaling: {@link ClassroomClient} does.
 *
 * <p>No sound card is touched. A publishing peer runs on libwebrtc's dummy audio layer
 * (see {@link SyntheticMedia} why): it receives audio RTP (counted in its stats) but
 * does not decode it, so {@link #audioRms} stays 0. A receive-only peer runs on a
 * headless audio device module whose playout clock pulls received audio through the
 * decoders into its sinks, so it measures what it hears.
 */
public final class MediaPeer implements AutoCloseable {
  /** How to build a peer. */
  public record Options(String name, boolean publish, int width, int height, int fps, int layers,
      double toneHz) {
    public Options {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("peer name must not be blank");
      }
      if (layers < 1 || layers > 3) {
        throw new IllegalArgumentException("simulcast layers must be within 1..3 [layers:" + layers + "]");
      }
    }

    /** A classroom camera: 960x540 at 15 fps in three simulcast layers, a 440 Hz tone, receiving. */
    public static Options classroom(String name) {
      return new Options(name, true, 960, 540, 15, 3, 440);
    }

    /** A receiver that sends nothing (an observer). */
    public static Options receiveOnly(String name) {
      return new Options(name, false, 16, 16, 1, 1, 0);
    }

    public Options withVideo(int w, int h, int framesPerSecond, int simulcastLayers) {
      return new Options(name, publish, w, h, framesPerSecond, simulcastLayers, toneHz);
    }

    public Options withTone(double hz) {
      return new Options(name, publish, width, height, fps, layers, hz);
    }
  }

  private final Options options;
  private final AudioDeviceModuleBase adm;
  private final PeerConnectionFactory factory;
  private final RTCPeerConnection pc;
  private final SyntheticMedia media;
  private final List<MediaStreamTrack> tracks = new ArrayList<>();
  private final Map<String, AtomicLong> framesByMid = new ConcurrentHashMap<>();
  private final Map<String, int[]> sizeByMid = new ConcurrentHashMap<>();
  private final Map<String, Double> rmsByMid = new ConcurrentHashMap<>();
  private final AtomicLong firstFrameNanos = new AtomicLong();
  private final Map<String, AtomicLong> lastFrameByMid = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> longestGapByMid = new ConcurrentHashMap<>();
  private final List<Consumer<RTCIceCandidate>> candidateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
  private int recvCount;

  public MediaPeer(Options options) {
    this.options = options;
    if (options.publish()) {
      adm = new AudioDeviceModule(AudioLayer.kDummyAudio);
      media = new SyntheticMedia(options.name(), options.width(), options.height(), options.fps(), options.toneHz());
    } else {
      adm = new HeadlessAudioDeviceModule();
      media = null;
    }
    this.factory = new PeerConnectionFactory(adm);
    this.pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
      @Override
      public void onIceCandidate(RTCIceCandidate candidate) {
        candidateListeners.forEach(l -> l.accept(candidate));
      }

      @Override
      public void onConnectionChange(RTCPeerConnectionState s) {
        state = s;
      }

      @Override
      public void onTrack(RTCRtpTransceiver transceiver) {
        attachSink(transceiver);
      }
    });
    if (options.publish()) {
      addSender();
    }
  }

  private void addSender() {
    CustomVideoSource vs = media.video();
    VideoTrack video = factory.createVideoTrack("camera", vs);
    AudioTrack audio = factory.createAudioTrack("microphone", media.audio());
    tracks.add(video);
    tracks.add(audio);
    RTCRtpTransceiverInit vi = new RTCRtpTransceiverInit();
    vi.direction = RTCRtpTransceiverDirection.SEND_ONLY;
    vi.streamIds = List.of(options.name());
    if (options.layers() > 1) {
      // simulcast by rid, lowest layer first (the SFU counts spatial layers in this order);
      // libwebrtc names the encodings "0", "1", "2"
      vi.sendEncodings = new ArrayList<>();
      for (int i = options.layers() - 1; i >= 0; i--) {
        RTCRtpEncodingParameters e = new RTCRtpEncodingParameters();
        e.scaleResolutionDownBy = (double) (1 << i);
        e.active = true;
        vi.sendEncodings.add(e);
      }
    }
    pc.addTransceiver(video, vi);
    RTCRtpTransceiverInit ai = new RTCRtpTransceiverInit();
    ai.direction = RTCRtpTransceiverDirection.SEND_ONLY;
    ai.streamIds = List.of(options.name());
    pc.addTransceiver(audio, ai);
  }

  /**
   * Adds a send-only video m-section for a screen share (courseware) showing the same
   * synthetic pictures as the camera, one layer; its mid is known after the next offer.
   */
  public synchronized RTCRtpTransceiver addScreenSender() {
    if (media == null) {
      throw new IllegalStateException("a receive-only peer cannot share a screen [peer:" + options.name() + "]");
    }
    VideoTrack screen = factory.createVideoTrack("screen", media.video());
    tracks.add(screen);
    RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
    init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
    init.streamIds = List.of(options.name() + "-screen");
    return pc.addTransceiver(screen, init);
  }

  /** Adds a receive-only m-section of {@code kind} ("video" or "audio"); its mid is known after the next offer. */
  public synchronized RTCRtpTransceiver addReceiver(String kind) {
    MediaStreamTrack t;
    int n = recvCount++;
    if ("video".equals(kind)) {
      t = factory.createVideoTrack("rv" + n, new CustomVideoSource());
    } else if ("audio".equals(kind)) {
      t = factory.createAudioTrack("ra" + n, new CustomAudioSource());
    } else {
      throw new IllegalArgumentException("receiver kind must be video or audio [kind:" + kind + "]");
    }
    tracks.add(t);
    RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
    init.direction = RTCRtpTransceiverDirection.RECV_ONLY;
    return pc.addTransceiver(t, init);
  }

  private void attachSink(RTCRtpTransceiver transceiver) {
    MediaStreamTrack t = transceiver.getReceiver().getTrack();
    String mid = transceiver.getMid();
    if (t instanceof VideoTrack v) {
      AtomicLong frames = framesByMid.computeIfAbsent(mid, k -> new AtomicLong());
      AtomicLong last = lastFrameByMid.computeIfAbsent(mid, k -> new AtomicLong());
      AtomicLong gap = longestGapByMid.computeIfAbsent(mid, k -> new AtomicLong());
      v.addSink(frame -> {
        frames.incrementAndGet();
        long now = System.nanoTime();
        long before = last.getAndSet(now);
        if (before != 0) {
          gap.accumulateAndGet(now - before, Math::max);
        }
        sizeByMid.put(mid, new int[] {frame.buffer.getWidth(), frame.buffer.getHeight()});
        firstFrameNanos.compareAndSet(0, System.nanoTime());
      });
    } else if (t instanceof AudioTrack a) {
      a.addSink((data, bits, rate, channels, frames) -> rmsByMid.merge(mid, rms(data, bits, frames * channels),
          (old, now) -> old * 0.9 + now * 0.1));
    }
  }

  private static double rms(byte[] data, int bits, int samples) {
    if (bits != 16 || samples == 0) {
      return 0;
    }
    double sum = 0;
    int n = Math.min(samples, data.length / 2);
    for (int i = 0; i < n; i++) {
      short s = (short) ((data[2 * i] & 0xff) | (data[2 * i + 1] << 8));
      sum += (double) s * s;
    }
    return Math.sqrt(sum / Math.max(1, n)) / 32768.0;
  }

  /** Whether this peer sends a camera and a microphone (m-sections 0 and 1). */
  public boolean hasSender() {
    return media != null;
  }

  /** Called with each local ICE candidate (the SFU is ICE-lite and needs none, browsers' peers might). */
  public void onLocalCandidate(Consumer<RTCIceCandidate> listener) {
    candidateListeners.add(listener);
  }

  /**
   * Creates an offer, applies it locally as libwebrtc wrote it (simulcast by rid, the mid
   * and rid header extensions included) and returns its SDP.
   */
  public String createOffer() {
    return createOffer(false);
  }

  /**
   * Like {@link #createOffer()}; with {@code iceRestart} the offer carries new ICE
   * credentials (as {@code createOffer({iceRestart: true})} in a browser).
   */
  public String createOffer(boolean iceRestart) {
    RTCOfferOptions options = new RTCOfferOptions();
    options.iceRestart = iceRestart;
    CompletableFuture<RTCSessionDescription> offer = new CompletableFuture<>();
    pc.createOffer(options, created(offer));
    RTCSessionDescription o = await(offer, "create offer");
    CompletableFuture<Void> set = new CompletableFuture<>();
    pc.setLocalDescription(o, applied(set));
    await(set, "apply local offer");
    return o.sdp;
  }

  /** Applies the SFU's answer. */
  public void setAnswer(String sdp) {
    apply(sdp);
  }

  private void apply(String sdp) {
    CompletableFuture<Void> set = new CompletableFuture<>();
    pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp), applied(set));
    await(set, "apply answer");
  }

  /** Adds a remote ICE candidate. */
  public void addRemoteCandidate(String mid, int mLineIndex, String candidate) {
    pc.addIceCandidate(new RTCIceCandidate(mid, mLineIndex, candidate));
  }

  /** Mids of all transceivers, in order (null before the first offer). */
  public List<String> mids() {
    List<String> out = new ArrayList<>();
    for (RTCRtpTransceiver t : pc.getTransceivers()) {
      out.add(t.getMid());
    }
    return out;
  }

  public RTCPeerConnectionState state() {
    return state;
  }

  /** Frames decoded on m-section {@code mid}. */
  public long framesDecoded(String mid) {
    AtomicLong n = framesByMid.get(mid);
    return n == null ? 0 : n.get();
  }

  /** Frames decoded on every m-section. */
  public long framesDecoded() {
    return framesByMid.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Forgets the longest gaps seen so far (to measure a window, for example around a signaling drop). */
  public void resetFrameGaps() {
    longestGapByMid.values().forEach(g -> g.set(0));
  }

  /** The longest time between two decoded frames on {@code mid} since the last reset. */
  public Duration longestFrameGap(String mid) {
    AtomicLong g = longestGapByMid.get(mid);
    return Duration.ofNanos(g == null ? 0 : g.get());
  }

  /** When the first video frame was decoded ({@link System#nanoTime()}), 0 before. */
  public long firstFrameNanos() {
    return firstFrameNanos.get();
  }

  /** Recent loudness (0..1) of the audio received on {@code mid}. */
  public double audioRms(String mid) {
    return rmsByMid.getOrDefault(mid, 0.0);
  }

  /** The peer's stats now. */
  public PeerStats stats() {
    CompletableFuture<RTCStatsReport> f = new CompletableFuture<>();
    pc.getStats(f::complete);
    RTCStatsReport report = await(f, "get stats");
    List<PeerStats.InboundVideo> iv = new ArrayList<>();
    List<PeerStats.InboundAudio> ia = new ArrayList<>();
    List<PeerStats.OutboundVideo> ov = new ArrayList<>();
    double rtt = 0;
    for (RTCStats s : report.getStats().values()) {
      Map<String, Object> a = s.getAttributes();
      if (s.getType() == RTCStatsType.INBOUND_RTP) {
        String mid = String.valueOf(a.getOrDefault("mid", ""));
        if ("video".equals(a.get("kind"))) {
          int[] size = sizeByMid.getOrDefault(mid, new int[] {(int) num(a, "frameWidth"), (int) num(a, "frameHeight")});
          iv.add(new PeerStats.InboundVideo(mid, Math.max(num(a, "framesDecoded"), framesDecoded(mid)), size[0], size[1],
              num(a, "packetsReceived"), num(a, "packetsLost"), dbl(a, "jitter") * 1000));
        } else {
          ia.add(new PeerStats.InboundAudio(mid, num(a, "packetsReceived"), num(a, "packetsLost"), audioRms(mid)));
        }
      } else if (s.getType() == RTCStatsType.OUTBOUND_RTP && "video".equals(a.get("kind"))) {
        ov.add(new PeerStats.OutboundVideo(String.valueOf(a.getOrDefault("rid", "")), num(a, "framesEncoded"),
            (int) num(a, "frameWidth"), (int) num(a, "frameHeight"), num(a, "bytesSent")));
      } else if (s.getType() == RTCStatsType.CANDIDATE_PAIR && Boolean.TRUE.equals(a.get("nominated"))) {
        rtt = Math.max(rtt, dbl(a, "currentRoundTripTime") * 1000);
      }
    }
    iv.sort(java.util.Comparator.comparing(PeerStats.InboundVideo::mid));
    ia.sort(java.util.Comparator.comparing(PeerStats.InboundAudio::mid));
    ov.sort(java.util.Comparator.comparing(PeerStats.OutboundVideo::rid));
    return new PeerStats(iv, ia, ov, rtt);
  }

  private static long num(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.longValue() : 0;
  }

  private static double dbl(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : 0;
  }

  private static <T> T await(CompletableFuture<T> f, String what) {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new ClientException("media", what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new ClientException("timeout", what + " did not finish within " + Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("media", what + " interrupted");
    }
  }

  private static CreateSessionDescriptionObserver created(CompletableFuture<RTCSessionDescription> f) {
    return new CreateSessionDescriptionObserver() {
      @Override
      public void onSuccess(RTCSessionDescription d) {
        f.complete(d);
      }

      @Override
      public void onFailure(String error) {
        f.completeExceptionally(new IllegalStateException(error));
      }
    };
  }

  private static SetSessionDescriptionObserver applied(CompletableFuture<Void> f) {
    return new SetSessionDescriptionObserver() {
      @Override
      public void onSuccess() {
        f.complete(null);
      }

      @Override
      public void onFailure(String error) {
        f.completeExceptionally(new IllegalStateException(error));
      }
    };
  }

  @Override
  public void close() {
    if (media != null) {
      media.close();
    }
    pc.close();
    // tracks stay referenced by the closed connection's senders; libwebrtc frees them with the factory
    try {
      factory.dispose();
      adm.dispose();
    } catch (Error | RuntimeException e) {
      // still referenced natively; released when the JVM exits
    }
  }
}
