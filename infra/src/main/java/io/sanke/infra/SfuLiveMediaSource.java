package io.sanke.infra;

import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.media.server.InProcessControl;
import io.sanke.recorder.api.CaptureTarget;
import io.sanke.recorder.api.LiveMediaSource;
import io.sanke.recorder.api.LiveTrack;
import io.sanke.recorder.api.TrackListener;
import io.sanke.signaling.Signaling;
import io.sanke.signaling.api.MediaNode;
import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.RoomMedia;
import io.sanke.signaling.api.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recorder's {@link LiveMediaSource} on a signaling node: follows a lesson room
 * ({@link Signaling#watchMedia}) and mirrors it on the room's SFU router — one
 * {@code PlainRtpTransport} towards the capture, one consumer per live producer
 * (created when it is published, closed when it goes), the floor as on/off stage.
 * Every SFU command and listener call runs on one thread of its own, in room-event
 * order, never on an event loop (a daemon thread, idle between events). Holds no lesson
 * logic beyond naming tracks and giving them their role in the composite.
 *
 * <pre>
 *  room event ─► Signaling.watchMedia ─► RoomMedia ─► Link.apply (diff) ─┬─► CreatePlainRtpTransport (once the room has a router)
 *                                                                       ├─► CreateConsumer / Close(CONSUMER) ─► trackAdded / trackRemoved
 *                                                                       └─► onStage / offStage
 * </pre>
 */
final class SfuLiveMediaSource implements LiveMediaSource {
    private static final Logger LOG = LoggerFactory.getLogger(SfuLiveMediaSource.class);
    private static final AtomicLong SEQ = new AtomicLong();

    private final Signaling signaling;
    private final List<MediaNode> nodes;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sanke-live-capture");
        t.setDaemon(true);
        return t;
    });

    SfuLiveMediaSource(Signaling signaling, List<MediaNode> nodes) {
        this.signaling = signaling;
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public Attachment attach(String sessionId, CaptureTarget target, TrackListener listener) {
        Link link = new Link(sessionId, "rec-" + sessionId + "-" + SEQ.incrementAndGet(), target, listener);
        AutoCloseable watch = signaling.watchMedia(sessionId, media -> thread.execute(() -> link.apply(media)));
        LOG.info("live capture attached [session:{}, target:{}:{}]", sessionId, target.host(), target.basePort());
        return () -> {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.warn("cannot stop watching [session:{}]", sessionId, e);
            }
            try {
                thread.submit(link::close).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("live capture not detached cleanly [session:{}]", sessionId, e);
            }
        };
    }

    /** The trackId a published track gets in the manifest, e.g. {@code teacher-1/camera}. */
    static String trackName(RoomMedia.Track t) {
        return t.from().id() + "/" + t.source().wire();
    }

    /** What a published track shows in the composite. */
    static LiveTrack.Role role(RoomMedia.Track t) {
        if (t.source() == Source.SCREEN) {
            return LiveTrack.Role.COURSEWARE;
        }
        return t.from().role() == Role.MASTER_TEACHER || t.from().role() == Role.STUDIO
                ? LiveTrack.Role.TEACHER : LiveTrack.Role.CLASSROOM;
    }

    /** The classroom a participant stands for: its classroom id, or its own id when it has none. */
    static String classroom(RoomMedia.Participant p) {
        return p.classroomId() == null || p.classroomId().isBlank() ? p.id() : p.classroomId();
    }

    /** One attachment: the state of the mirror, touched only on {@link #thread}. */
    private final class Link {
        private final String sessionId;
        private final String transportId;
        private final CaptureTarget target;
        private final TrackListener listener;
        /** producer id → consumer id, track id. */
        private final Map<String, String[]> consumers = new LinkedHashMap<>();
        private final Map<String, Integer> reuse = new HashMap<>();
        private MediaNode node;
        private int next;
        private String onStage;
        private boolean closed;

        Link(String sessionId, String transportId, CaptureTarget target, TrackListener listener) {
            this.sessionId = sessionId;
            this.transportId = transportId;
            this.target = target;
            this.listener = listener;
        }

        void apply(RoomMedia media) {
            if (closed) {
                return;
            }
            if (!media.open()) {
                endAll();
                return;
            }
            if (node == null && !createTransport(media.sfuNode())) {
                return;
            }
            Map<String, RoomMedia.Track> live = new LinkedHashMap<>();
            media.tracks().forEach(t -> live.put(t.producerId(), t));
            for (String producerId : List.copyOf(consumers.keySet())) {
                if (!live.containsKey(producerId)) {
                    remove(producerId);
                }
            }
            live.values().stream().filter(t -> !consumers.containsKey(t.producerId())).forEach(this::add);
            String stage = media.floor() == null ? null : classroom(media.floor());
            if (!Objects.equals(stage, onStage)) {
                if (onStage != null) {
                    listener.offStage(onStage);
                }
                if (stage != null) {
                    listener.onStage(stage);
                }
                onStage = stage;
            }
        }

        private boolean createTransport(String nodeId) {
            MediaNode n = nodes.stream().filter(x -> x.id().equals(nodeId)).findFirst().orElse(null);
            if (n == null) {
                return false; // nobody joined yet, or a node this process does not reach
            }
            try {
                n.control().execute(new Command.CreatePlainRtpTransport(sessionId, transportId, target.host(),
                        target.basePort()));
                node = n;
                LOG.info("plain transport {} on router {} of node {} → {}:{}", transportId, sessionId, n.id(),
                        target.host(), target.basePort());
                return true;
            } catch (MediaException e) {
                LOG.debug("no plain transport yet [session:{}]: {}", sessionId, e.getMessage());
                return false; // the router is made by the first join; the next room event tries again
            }
        }

        private void add(RoomMedia.Track t) {
            if (next >= target.ports()) {
                LOG.warn("capture has no port left, track not recorded [session:{}, producer:{}, ports:{}]",
                        sessionId, t.producerId(), target.ports());
                consumers.put(t.producerId(), new String[] {null, null});
                return;
            }
            String base = trackName(t);
            int k = reuse.merge(base, 1, Integer::sum);
            String trackId = k == 1 ? base : base + "-" + k; // the same source published again
            String consumerId = transportId + "/" + next;
            try {
                Reply.ConsumerCreated c = node.control().execute(new Command.CreateConsumer(transportId, consumerId,
                        t.producerId(), null));
                int port = target.basePort() + 2 * next++;
                Codec codec = codec(port, t.kind());
                LiveTrack.Role role = role(t);
                listener.trackAdded(new LiveTrack(trackId, c.ssrc(), t.kind().equals("audio") ? LiveTrack.Kind.AUDIO
                        : LiveTrack.Kind.VIDEO, codec.name, codec.pt, codec.clockRate, role,
                        role == LiveTrack.Role.CLASSROOM ? classroom(t.from()) : null));
                consumers.put(t.producerId(), new String[] {consumerId, trackId});
                if (t.kind().equals("video")) {
                    node.control().execute(new Command.RequestKeyFrame(consumerId)); // decodable from the start
                }
            } catch (MediaException e) {
                LOG.warn("no consumer for the capture [session:{}, producer:{}]: {}", sessionId, t.producerId(),
                        e.getMessage()); // producer gone meanwhile: the next room event drops it
            }
        }

        private void remove(String producerId) {
            String[] c = consumers.remove(producerId);
            if (c[0] == null) {
                return;
            }
            try {
                node.control().execute(new Command.Close(Command.Kind.CONSUMER, c[0]));
            } catch (MediaException e) {
                // closed in cascade with its producer
            }
            listener.trackRemoved(c[1]);
        }

        private void endAll() {
            List.copyOf(consumers.keySet()).forEach(this::remove);
            if (onStage != null) {
                listener.offStage(onStage);
                onStage = null;
            }
        }

        void close() {
            if (closed) {
                return;
            }
            endAll();
            closed = true;
            if (node != null) {
                try {
                    node.control().execute(new Command.Close(Command.Kind.TRANSPORT, transportId));
                } catch (MediaException e) {
                    // the router was closed with the room
                }
            }
            LOG.info("live capture detached [session:{}, transport:{}]", sessionId, transportId);
        }

        /** Codec and payload type of the consumer on {@code port}, from the plain transport's SDP when the node is in process. */
        private Codec codec(int port, String kind) {
            Codec fallback = kind.equals("audio") ? new Codec("opus", -1, 48_000) : new Codec("VP8", -1, 90_000);
            if (!(node.control() instanceof InProcessControl in)) {
                return fallback; // control API v1 does not report a consumer's codec
            }
            try {
                return Codec.fromSdp(in.plainSdp(transportId), port).orElse(fallback);
            } catch (MediaException e) {
                return fallback;
            }
        }
    }

    /** A codec as the plain egress sends it. */
    record Codec(String name, int pt, int clockRate) {
        /** Reads {@code m=<kind> <port> RTP/AVP <pt>} and its {@code a=rtpmap}. */
        static java.util.Optional<Codec> fromSdp(String sdp, int port) {
            String pt = null;
            for (String line : sdp.split("\r?\n")) {
                if (line.startsWith("m=")) {
                    String[] f = line.substring(2).split(" ");
                    pt = f.length >= 4 && f[1].equals(Integer.toString(port)) ? f[3] : null;
                } else if (pt != null && line.startsWith("a=rtpmap:" + pt + " ")) {
                    String[] enc = line.substring(("a=rtpmap:" + pt + " ").length()).split("/");
                    String name = enc[0].equalsIgnoreCase("opus") ? "opus" : enc[0].toUpperCase(java.util.Locale.ROOT);
                    return java.util.Optional.of(new Codec(name, Integer.parseInt(pt), Integer.parseInt(enc[1])));
                }
            }
            return java.util.Optional.empty();
        }
    }
}
