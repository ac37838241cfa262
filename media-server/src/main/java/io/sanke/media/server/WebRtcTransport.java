package io.sanke.media.server;

import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.media.pipeline.BandwidthEstimator;
import io.sanke.media.pipeline.KeyframeRequester;
import io.sanke.media.pipeline.NackGenerator;
import io.sanke.media.pipeline.Node;
import io.sanke.media.pipeline.PacketInfo;
import io.sanke.media.pipeline.Pipeline;
import io.sanke.media.pipeline.RtpParser;
import io.sanke.media.pipeline.RtxUnwrapper;
import io.sanke.media.pipeline.TransportCcTagger;
import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.Packet;
import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.MalformedPacketException;
import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.sdp.Attribute;
import io.sanke.media.sdp.MediaSection;
import io.sanke.media.sdp.SessionDescription;
import io.sanke.media.transport.DtlsSession;
import io.sanke.media.transport.IceEndpointListener;
import io.sanke.media.transport.IceLiteEndpoint;
import io.sanke.media.transport.IcePath;
import io.sanke.media.transport.PacketBuffer;
import io.sanke.media.transport.PacketKind;
import io.sanke.media.transport.SrtpSession;
import io.sanke.media.transport.TransportCounters;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC endpoint: ICE-lite on the shared port, DTLS (server when the peer offers
 * actpass/active, client when it offers passive), SRTP both ways. Answers the
 * endpoint's offers (creating producers for what it sends), routes decrypted RTP to its
 * producers by SSRC (learning SSRCs from the mid/rid header extensions) and RTCP
 * feedback to its consumers, and encrypts what its consumers send. Bad packets are
 * counted in {@link #counters()} and dropped.
 */
public final class WebRtcTransport extends Closeable implements IceEndpointListener, RtpSink {
  private static final Logger log = LoggerFactory.getLogger(WebRtcTransport.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where an incoming SSRC goes. */
  record Route(Producer producer, Producer.Layer layer, boolean rtx) {}

  private final String id;
  private final Router router;
  private final MediaServer server;
  private final IceLiteEndpoint ice;
  private final TransportCounters counters = new TransportCounters();
  private final java.util.concurrent.atomic.LongAdder rtpIn = counters.adder("rtp.in");
  private final java.util.concurrent.atomic.LongAdder sendQueueFull = counters.adder("drop.out.queue-full");
  private final long localRtcpSsrc = RANDOM.nextInt() & 0xffffffffL;
  private final Map<String, Producer> producers = new ConcurrentHashMap<>();
  private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();
  private final Map<Long, Route> routes = new ConcurrentHashMap<>();
  private final Map<Long, Consumer> consumersBySsrc = new ConcurrentHashMap<>();
  private final Map<String, Producer> producersByMid = new ConcurrentHashMap<>();
  final Rates in;
  final Rates out;
  private volatile DtlsSession dtls;
  private volatile SrtpSession srtp;
  private volatile int midExtId = -1;
  private volatile int ridExtId = -1;
  private volatile int rridExtId = -1;
  private volatile Map<String, Integer> receiveExtIds = Map.of();
  /** The extension ids this endpoint negotiated for what it receives (URI → id). */
  private volatile Map<String, Integer> sendExtIds = Map.of();
  private final KeyframeRequester keyframes;
  private final BandwidthEstimator estimator;
  private volatile NackGenerator nackGenerator;
  private volatile Node receiveChain;
  private volatile Node sendChain;
  private volatile int tccExtId = -1;
  private long lastReceiverReportMillis;
  private long lastFeedbackMillis;
  private volatile TransportCcFeedback tccFeedback;

  WebRtcTransport(String id, Router router, MediaServer server) {
    this.id = id;
    this.router = router;
    this.server = server;
    this.in = new Rates(server.clock());
    this.out = new Rates(server.clock());
    this.keyframes = new KeyframeRequester(server.clock(), localRtcpSsrc, this::sendRtcpPacket,
        server.config().keyframeRequestInterval(), false);
    this.estimator = new BandwidthEstimator(server.clock(), BandwidthEstimator.Config.DEFAULT);
    estimator.onEstimate(this::onEstimate);
    rebuildReceiveChain();
    this.ice = server.mux().register(randomToken(8), randomToken(24), this);
  }

  /** Receive chain shared by the transport's producers: parse, unwrap RTX, NACK our own losses, route. */
  private void rebuildReceiveChain() {
    Map<Integer, Integer> apt = new HashMap<>();
    for (Producer p : producers.values()) {
      if (p.rtxPayloadType() >= 0) {
        apt.put(p.rtxPayloadType(), p.payloadType());
      }
    }
    RtxUnwrapper unwrapper = new RtxUnwrapper(apt, Math.max(0, ridExtId), Math.max(0, rridExtId));
    for (Producer p : producers.values()) {
      for (Producer.Layer l : p.layers()) {
        if (l.rtxSsrc >= 0 && l.ssrc >= 0) {
          unwrapper.associate(l.rtxSsrc, l.ssrc);
        }
      }
    }
    NackGenerator nacks = new NackGenerator(server.clock(), localRtcpSsrc, this::sendRtcpPacket,
        NackGenerator.Config.DEFAULT, ssrc -> {
          Route r = routes.get(ssrc);
          return r != null && r.producer().codec().isVideo();
        });
    this.nackGenerator = nacks;
    this.receiveChain = Pipeline.builder().node(new RtpParser()).node(unwrapper).node(nacks)
        .sink("route", this::route).build();
  }

  /** Send chain after the consumers': tag transport-wide sequence numbers when negotiated, then encrypt. */
  private void rebuildSendChain(int tccId) {
    this.tccExtId = tccId;
    this.sendChain = tccId > 0
        ? Pipeline.builder().node(new TransportCcTagger(tccId, server.clock(), estimator))
            .sink("srtp-out", this::protectAndSend).build()
        : null;
  }

  static String randomToken(int n) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  public String id() {
    return id;
  }

  public Router router() {
    return router;
  }

  public TransportCounters counters() {
    return counters;
  }

  public String iceUfrag() {
    return ice.ufrag();
  }

  public String icePassword() {
    return ice.password();
  }

  long localRtcpSsrc() {
    return localRtcpSsrc;
  }

  /** The ICE path media is sent on now, or null before the first check. */
  public IcePath selectedPath() {
    return ice.selectedPath();
  }

  public boolean isConnected() {
    return srtp != null;
  }

  public Producer producer(String producerId) {
    return producers.get(producerId);
  }

  public List<Producer> producers() {
    return List.copyOf(producers.values());
  }

  public Consumer consumer(String consumerId) {
    return consumers.get(consumerId);
  }

  public List<Consumer> consumers() {
    return List.copyOf(consumers.values());
  }

  Reply.TransportCreated info() {
    return new Reply.TransportCreated(id, ice.ufrag(), ice.password(), true, server.candidates(),
        server.certificate().sdpFingerprint());
  }

  // ---------------------------------------------------------------- offer / answer

  /** Applies an offer and returns the answer; refuses (changing nothing) when the offer is unusable. */
  synchronized Reply.Answer processOffer(SessionDescription offer) throws MediaException {
    SdpNegotiator.Plan plan = SdpNegotiator.plan(offer, this);
    // Everything checked: apply.
    ensureDtls(plan.fingerprint(), plan.peerSetup().equals("passive"));
    midExtId = plan.midExtId();
    ridExtId = plan.ridExtId();
    rridExtId = plan.rridExtId();
    receiveExtIds = Map.copyOf(plan.receiveExtIds());
    Integer tccIn = receiveExtIds.get(Ext.TRANSPORT_CC);
    if (tccIn != null && tccFeedback == null) {
      tccFeedback = new TransportCcFeedback(tccIn, localRtcpSsrc, nowMicros(), this::sendRtcpPacket);
    }
    int tcc = plan.sendExtIds().getOrDefault(Ext.TRANSPORT_CC, -1);
    if (tcc != tccExtId) {
      rebuildSendChain(tcc);
    }
    List<Reply.ProducerInfo> created = new ArrayList<>();
    for (SdpNegotiator.ProducerSpec spec : plan.producers()) {
      if (producersByMid.containsKey(spec.mid())) {
        continue;
      }
      List<Producer.Layer> layers = new ArrayList<>();
      for (int i = 0; i < spec.rids().size(); i++) {
        layers.add(new Producer.Layer(i, spec.rids().get(i)));
      }
      for (int i = 0; i < spec.ssrcs().size(); i++) {
        if (layers.size() <= i) {
          layers.add(new Producer.Layer(i, null));
        }
        layers.get(i).ssrc = spec.ssrcs().get(i);
        layers.get(i).rtxSsrc = spec.rtxSsrcs().getOrDefault(spec.ssrcs().get(i), -1L);
      }
      if (layers.isEmpty()) {
        layers.add(new Producer.Layer(0, null));
      }
      String pid = id + "/" + spec.mid();
      Producer p = new Producer(pid, spec.kind(), spec.mid(), spec.codec(), spec.payloadType(),
          spec.rtxPayloadType(), spec.fmtp(), layers, this, server.clock(), ridExtId,
          receiveExtIds.getOrDefault(Ext.AUDIO_LEVEL, -1), router.speakers());
      producers.put(pid, p);
      producersByMid.put(spec.mid(), p);
      for (Producer.Layer l : layers) {
        if (l.ssrc >= 0) {
          routes.put(l.ssrc, new Route(p, l, false));
        }
        if (l.rtxSsrc >= 0) {
          routes.put(l.rtxSsrc, new Route(p, l, true));
        }
      }
      router.registerProducer(p);
      created.add(new Reply.ProducerInfo(pid, spec.kind(), spec.mid(), p.rids()));
    }
    if (!created.isEmpty()) {
      rebuildReceiveChain();
    }
    for (var e : plan.consumerPayloadTypes().entrySet()) {
      Consumer c = consumers.get(e.getKey());
      c.setPayloadTypes(e.getValue()[0], e.getValue()[1]);
    }
    applySendExtIds(plan.sendExtIds());
    payloadTypes.learn(plan.answer());
    counters.inc("sdp.offer.applied");
    return new Reply.Answer(plan.answer().toString(), created);
  }

  /** Creates the DTLS session once; it starts at the first valid ICE check. */
  private void ensureDtls(String remoteFingerprint, boolean weAreClient) {
    if (dtls != null) {
      return;
    }
    dtls = new DtlsSession(weAreClient ? DtlsSession.Role.CLIENT : DtlsSession.Role.SERVER,
        server.certificate(), remoteFingerprint, server.config().srtpProfiles(), ice::selectedPath, counters,
        (int) server.config().dtlsHandshakeTimeout().toMillis(), new DtlsSession.Listener() {
          @Override
          public void onSrtpReady(SrtpSession s) {
            server.withMediaLock(() -> {
              srtp = s;
              log.debug("transport connected [id:{}, profile:{}]", id, s.profile());
              for (Consumer c : consumers.values()) {
                c.requestKeyFrame();
              }
            });
          }

          @Override
          public void onFailed(String reason) {
            log.info("DTLS failed, closing transport [id:{}, reason:{}]", id, reason);
            counters.inc("transport.closed.dtls");
            server.withMediaLock(() -> router.closeTransport(id));
          }
        });
    if (ice.selectedPath() != null) {
      dtls.start();
    }
  }

  private volatile SessionDescription pendingOffer;
  private volatile SessionDescription lastOffer;
  private final List<String> offeredMids = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The payload types this endpoint is sent, one meaning per number for the whole session. */
  private PayloadTypeTable payloadTypes = new PayloadTypeTable();

  /**
   * An SDP offer with every consumer of this transport (the SFU offers, the endpoint answers).
   * Its payload types come from the transport's table; the consumers write them from now on.
   */
  synchronized Reply.Offer createOffer() throws MediaException {
    for (Consumer c : consumersInOrder()) {
      if (!offeredMids.contains(c.mid())) {
        offeredMids.add(c.mid());
      }
    }
    SdpNegotiator.OfferPlan plan = SdpNegotiator.offer(this, offeredMids, lastOffer, payloadTypes.copy());
    SessionDescription offer = plan.offer();
    lastOffer = offer;
    payloadTypes = plan.payloadTypes();
    for (var e : plan.consumerPayloadTypes().entrySet()) {
      consumers.get(e.getKey()).setPayloadTypes(e.getValue()[0], e.getValue()[1]);
    }
    pendingOffer = offer;
    counters.inc("sdp.offer.created");
    return new Reply.Offer(offer.toString());
  }

  /** Applies the endpoint's answer to the pending offer; refuses (changing nothing) a bad one. */
  synchronized void processAnswer(SessionDescription answer) throws MediaException {
    if (pendingOffer == null) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "no offer pending [transport:" + id + "]");
    }
    SdpNegotiator.AnswerPlan plan = SdpNegotiator.answer(answer, pendingOffer, this);
    ensureDtls(plan.fingerprint(), plan.peerSetup().equals("passive"));
    for (var e : plan.consumerPayloadTypes().entrySet()) {
      Consumer c = consumers.get(e.getKey());
      if (c != null) {
        c.setPayloadTypes(e.getValue()[0], e.getValue()[1]);
      }
    }
    int tcc = plan.sendExtIds().getOrDefault(Ext.TRANSPORT_CC, -1);
    if (tcc != tccExtId) {
      rebuildSendChain(tcc);
    }
    applySendExtIds(plan.sendExtIds());
    pendingOffer = null;
    counters.inc("sdp.answer.applied");
  }

  /** Every consumer rewrites extension ids to what this endpoint negotiated for receiving. */
  private void applySendExtIds(Map<String, Integer> ids) {
    Map<String, Integer> copy = Map.copyOf(ids);
    server.withMediaLock(() -> {
      sendExtIds = copy;
      for (Consumer c : consumers.values()) {
        c.setReceiverExtensions(copy);
      }
    });
  }

  Map<String, Integer> sendExtIds() {
    return sendExtIds;
  }

  /** The transport's payload-type table (a copy). */
  synchronized PayloadTypeTable payloadTypes() {
    return payloadTypes.copy();
  }

  /** Consumers in the order they were made. */
  List<Consumer> consumersInOrder() {
    List<Consumer> list = new ArrayList<>(consumers.values());
    list.sort(java.util.Comparator.comparingLong(Consumer::createdSeq));
    return list;
  }

  Map<String, Consumer> consumersById() {
    return consumers;
  }

  MediaServer server() {
    return server;
  }

  /** Creates a consumer of {@code producer} bound to the endpoint's m-section {@code mid}. */
  synchronized Consumer createConsumer(String consumerId, Producer producer, String mid) throws MediaException {
    if (consumers.containsKey(consumerId)) {
      throw new MediaException(MediaException.Code.ALREADY_EXISTS, "consumer already exists [id:" + consumerId + "]");
    }
    for (Consumer c : consumers.values()) {
      if (c.mid().equals(mid)) {
        throw new MediaException(MediaException.Code.ALREADY_EXISTS,
            "mid already bound [mid:" + mid + ", consumer:" + c.id() + "]");
      }
    }
    long ssrc = uniqueSsrc();
    long rtx = uniqueSsrc();
    Consumer c = new Consumer(consumerId, producer, this, mid, ssrc, rtx, server.clock());
    c.setReceiverExtensions(sendExtIds);
    consumers.put(consumerId, c);
    consumersBySsrc.put(ssrc, c);
    consumersBySsrc.put(rtx, c);
    producer.addConsumer(c);
    c.onClose(() -> {
      consumers.remove(consumerId, c);
      consumersBySsrc.remove(ssrc, c);
      consumersBySsrc.remove(rtx, c);
      router.unregisterConsumer(c);
    });
    return c;
  }

  private long uniqueSsrc() {
    long s;
    do {
      s = RANDOM.nextInt() & 0xffffffffL;
    } while (s == 0 || consumersBySsrc.containsKey(s) || routes.containsKey(s));
    return s;
  }

  // ---------------------------------------------------------------- ICE listener

  @Override
  public void onCheck(IcePath path, boolean nominated) {
    DtlsSession d = dtls;
    if (d != null) {
      d.start();
    }
  }

  @Override
  public void onPacket(IcePath path, PacketKind kind, byte[] buf, int off, int len) {
    long arrivalMicros = nowMicros();
    server.withMediaLock(() -> handlePacket(kind, buf, off, len, arrivalMicros));
  }

  private void handlePacket(PacketKind kind, byte[] buf, int off, int len, long arrivalMicros) {
    if (isClosed()) {
      return;
    }
    in.add(len);
    switch (kind) {
      case DTLS -> {
        DtlsSession d = dtls;
        if (d == null) {
          counters.inc("drop.dtls.early");
        } else {
          d.receive(buf, off, len);
        }
      }
      case RTP -> onSrtp(buf, off, len, arrivalMicros);
      case RTCP -> onSrtcp(buf, off, len);
      default -> counters.inc("drop.unknown");
    }
  }

  @Override
  public void onConsentExpired() {
    log.info("ICE consent expired, closing transport [id:{}]", id);
    counters.inc("transport.closed.consent");
    server.withMediaLock(() -> router.closeTransport(id));
  }

  private void onSrtp(byte[] buf, int off, int len, long arrivalMicros) {
    SrtpSession s = srtp;
    if (s == null) {
      counters.inc("drop.srtp.notready");
      return;
    }
    PacketBuffer plain = s.unprotectRtp(buf, off, len);
    if (plain == null) {
      return;
    }
    rtpIn.increment();
    TransportCcFeedback fb = tccFeedback;
    if (fb != null) {
      // Before the parser drops padding-only probes: the sender's estimator needs their arrival times.
      try {
        fb.onPacket(RtpPacket.parse(plain.getBuffer(), plain.getOffset(), plain.getLength()), arrivalMicros);
      } catch (MalformedPacketException e) {
        counters.inc("drop.rtp.malformed");
        return;
      }
    }
    receiveChain.process(new PacketInfo(new Packet(plain.getBuffer(), plain.getOffset(), plain.getLength()),
        arrivalMicros));
  }

  /** End of the receive chain: the producer layer of a parsed, RTX-unwrapped packet. */
  private void route(PacketInfo info) {
    RtpPacket p = info.rtp();
    Route r = routes.get(p.ssrc());
    if (r == null) {
      r = learn(p);
      if (r == null) {
        counters.inc("drop.rtp.unknown.ssrc");
        return;
      }
    }
    if (r.rtx()) {
      counters.inc("drop.rtp.rtx.unrepaired");
      return;
    }
    r.producer().receive(info);
  }

  /** Binds an unknown SSRC to a producer layer from its mid and rid (or repaired rid) extensions. */
  private Route learn(RtpPacket p) {
    if (midExtId < 0) {
      return null;
    }
    String mid = HeaderExtensions.readString(p, midExtId);
    Producer producer = mid == null ? null : producersByMid.get(mid);
    if (producer == null) {
      return null;
    }
    String rid = ridExtId >= 0 ? HeaderExtensions.readString(p, ridExtId) : null;
    boolean rtx = false;
    if (rid == null && rridExtId >= 0) {
      rid = HeaderExtensions.readString(p, rridExtId);
      rtx = rid != null;
    }
    Producer.Layer layer = null;
    for (Producer.Layer l : producer.layers()) {
      if (rid == null ? l.rid == null : rid.equals(l.rid)) {
        layer = l;
      }
    }
    if (layer == null) {
      if (producer.layers().size() == 1 && rid == null) {
        layer = producer.layers().get(0);
      } else {
        return null;
      }
    }
    if (rtx) {
      layer.rtxSsrc = p.ssrc();
    } else {
      layer.ssrc = p.ssrc();
      producer.mapLayerSsrc(layer);
    }
    Route r = new Route(producer, layer, rtx);
    routes.put(p.ssrc(), r);
    counters.inc("ssrc.learned");
    return r;
  }

  private void onSrtcp(byte[] buf, int off, int len) {
    SrtpSession s = srtp;
    if (s == null) {
      counters.inc("drop.srtcp.notready");
      return;
    }
    PacketBuffer plain = s.unprotectRtcp(buf, off, len);
    if (plain == null) {
      return;
    }
    List<RtcpPacket> packets;
    try {
      packets = RtcpPacket.parseCompound(plain.getBuffer(), plain.getOffset(), plain.getLength());
    } catch (MalformedPacketException e) {
      counters.inc("drop.rtcp.malformed");
      return;
    }
    for (RtcpPacket p : packets) {
      onRtcp(p);
    }
  }

  private void onRtcp(RtcpPacket p) {
    switch (p) {
      case RtcpPacket.SenderReport sr -> {
        counters.inc("rtcp.in.sr");
        Route r = routes.get(sr.ssrc());
        if (r != null && !r.rtx()) {
          r.producer().onSenderReport(sr);
        }
        sr.reports().forEach(this::onReportBlock);
      }
      case RtcpPacket.ReceiverReport rr -> {
        counters.inc("rtcp.in.rr");
        rr.reports().forEach(this::onReportBlock);
      }
      case RtcpPacket.Pli pli -> {
        counters.inc("rtcp.in.pli");
        Consumer c = consumersBySsrc.get(pli.mediaSsrc());
        if (c != null) {
          c.requestKeyFrame();
        }
      }
      case RtcpPacket.Fir fir -> {
        counters.inc("rtcp.in.fir");
        for (RtcpPacket.Fir.Entry e : fir.entries()) {
          Consumer c = consumersBySsrc.get(e.ssrc());
          if (c != null) {
            c.requestKeyFrame();
          }
        }
      }
      case RtcpPacket.Nack nack -> {
        counters.inc("rtcp.in.nack");
        Consumer c = consumersBySsrc.get(nack.mediaSsrc());
        if (c != null) {
          c.onNack(nack);
        }
      }
      case RtcpPacket.TransportCc tcc -> {
        counters.inc("rtcp.in.tcc");
        estimator.onTransportCc(tcc);
      }
      case RtcpPacket.Remb remb -> {
        counters.inc("rtcp.in.remb");
        estimator.onRemb(remb.bitrateBps());
      }
      default -> counters.inc("rtcp.in.other");
    }
  }

  private void onReportBlock(RtcpPacket.ReportBlock b) {
    Consumer c = consumersBySsrc.get(b.ssrc());
    if (c != null) {
      c.onReportBlock(b);
    }
  }

  // ---------------------------------------------------------------- sending

  @Override
  public void sendRtp(RtpPacket p) {
    Node chain = sendChain;
    if (chain == null) {
      protectAndSend(p.buffer(), p.offset(), p.length());
      return;
    }
    chain.process(new PacketInfo(p, server.clock().millis() * 1000));
  }

  private void protectAndSend(PacketInfo info) {
    RtpPacket p = info.rtp();
    protectAndSend(p.buffer(), p.offset(), p.length());
  }

  private void protectAndSend(byte[] buf, int off, int len) {
    if (srtp == null || ice.selectedPath() == null || isClosed()) {
      counters.inc("drop.out.notready");
      return;
    }
    // The consumers hand over their own copy of each packet: it is encrypted in place, on this
    // transport's send worker (or right here when the server sends inline).
    if (!server.senders().submit(sendKey, outbound, buf, off, len)) {
      sendQueueFull.increment();
    }
  }

  private final int sendKey = System.identityHashCode(this);
  private final SendWorkers.Outbound outbound = this::encryptAndSend;
  private final PacketBuffer outgoing = new PacketBuffer(new byte[0], 0, 0);

  /** On the send worker: SRTP in the packet's own buffer, then the selected ICE path. */
  private void encryptAndSend(byte[] buf, int off, int len) {
    SrtpSession s = srtp;
    IcePath path = ice.selectedPath();
    if (s == null || path == null) {
      counters.inc("drop.out.notready");
      return;
    }
    // Only one thread at a time sends for a transport (its worker, or the media lock holder).
    PacketBuffer enc = s.protectRtpInPlace(outgoing.reset(buf, off, len));
    if (enc != null && path.send(enc.getBuffer(), enc.getOffset(), enc.getLength())) {
      out.add(enc.getLength());
    }
  }

  @Override
  public void sendRtcp(byte[] buf, int off, int len) {
    SrtpSession s = srtp;
    IcePath path = ice.selectedPath();
    if (s == null || path == null || isClosed()) {
      counters.inc("drop.out.notready");
      return;
    }
    PacketBuffer enc = s.protectRtcp(buf, off, len);
    if (enc != null && path.send(enc.getBuffer(), enc.getOffset(), enc.getLength())) {
      out.add(enc.getLength());
      counters.inc("rtcp.out");
    }
  }

  void sendRtcpPackets(List<? extends RtcpPacket> packets) {
    byte[] b = RtcpPacket.serialize(packets);
    sendRtcp(b, 0, b.length);
  }

  void sendRtcpPacket(RtcpPacket packet) {
    sendRtcpPackets(List.of(packet));
  }

  /** Asks the endpoint for a keyframe on one of its SSRCs, throttled per SSRC. */
  boolean requestKeyFrame(long mediaSsrc) {
    boolean sent = keyframes.request(mediaSsrc);
    counters.inc(sent ? "keyframe.request.sent" : "keyframe.request.throttled");
    return sent;
  }

  private volatile long lastEstimateBps = -1;
  private int ticks;

  private void onEstimate(long bps) {
    lastEstimateBps = bps;
    allocateBandwidth();
  }

  /**
   * Shares the estimate (less 64 kbps per audio consumer) among the video consumers, highest
   * priority first, then oldest: each gets its lowest layer, then each climbs as far as the
   * rest pays for.
   */
  private void allocateBandwidth() {
    long bps = lastEstimateBps;
    if (bps < 0) {
      return;
    }
    List<io.sanke.media.pipeline.LayerSelector> selectors = new ArrayList<>();
    int audio = 0;
    List<Consumer> byPriority = consumersInOrder();
    byPriority.sort(java.util.Comparator.comparingInt(Consumer::priority).reversed()
        .thenComparingLong(Consumer::createdSeq));
    for (Consumer c : byPriority) {
      if (c.selector() != null) {
        selectors.add(c.selector());
      } else {
        audio++;
      }
    }
    if (!selectors.isEmpty()) {
      io.sanke.media.pipeline.BandwidthAllocator.allocate(Math.max(0, bps - 64_000L * audio), selectors);
    }
  }

  long estimateBps() {
    return estimator.estimateBps();
  }

  /** Periodic work (every few tens of ms, under the media lock): NACK retries, layer bitrates, receiver reports. */
  void tick() {
    if (isClosed()) {
      return;
    }
    NackGenerator n = nackGenerator;
    if (n != null) {
      n.tick();
    }
    for (Consumer c : consumers.values()) {
      c.refreshLayerBitrates();
    }
    if (++ticks % 25 == 0) {
      allocateBandwidth();
    }
    long now = server.clock().millis();
    TransportCcFeedback fb = tccFeedback;
    if (fb != null && srtp != null && now - lastFeedbackMillis >= 50) {
      lastFeedbackMillis = now;
      fb.flush();
    }
    if (now - lastReceiverReportMillis >= 1000 && srtp != null) {
      lastReceiverReportMillis = now;
      for (Producer p : producers.values()) {
        RtcpPacket.ReceiverReport rr = p.rxStats().receiverReport();
        if (!rr.reports().isEmpty()) {
          sendRtcpPacket(rr);
        }
      }
    }
  }

  private long nowMicros() {
    java.time.Instant now = server.clock().instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  /** Transport counters plus the receive chain's node counters and the upstream NACK figures. */
  Map<String, Long> statsCounters() {
    Map<String, Long> m = new java.util.TreeMap<>(counters.snapshot());
    Node chain = receiveChain;
    if (chain != null) {
      for (io.sanke.media.pipeline.NodeStats s : Pipeline.stats(chain)) {
        m.put("node." + s.name() + ".in", s.packetsIn());
        m.put("node." + s.name() + ".dropped", s.dropped());
        m.put("node." + s.name() + ".errors", s.errors());
      }
    }
    NackGenerator n = nackGenerator;
    if (n != null) {
      m.put("nack.sent", n.nacksSent());
      m.put("nack.lost", n.lost());
      m.put("nack.recovered", n.recovered());
      m.put("nack.given-up", n.givenUp());
    }
    m.put("bwe.estimate.bps", estimator.estimateBps());
    return m;
  }

  Map<String, Integer> receiveExtIds() {
    return receiveExtIds;
  }

  @Override
  protected void closeChildren() {
    server.mux().unregister(ice);
    DtlsSession d = dtls;
    if (d != null) {
      d.close();
    }
    for (Consumer c : consumers.values()) {
      c.close();
    }
    for (Producer p : producers.values()) {
      p.close();
      router.unregisterProducer(p);
    }
    SrtpSession s = srtp;
    if (s != null) {
      s.close();
    }
  }

  static List<Attribute> iceAndDtlsAttributes(WebRtcTransport t, String setup) {
    List<Attribute> a = new ArrayList<>();
    a.add(new Attribute("ice-ufrag", t.iceUfrag()));
    a.add(new Attribute("ice-pwd", t.icePassword()));
    a.add(new Attribute("fingerprint", t.server.certificate().sdpFingerprint()));
    a.add(new Attribute("setup", setup));
    return a;
  }

  static Codec codecOf(String name) {
    return switch (name.toUpperCase(java.util.Locale.ROOT)) {
      case "OPUS" -> Codec.OPUS;
      case "VP8" -> Codec.VP8;
      case "H264" -> Codec.H264;
      default -> null;
    };
  }
}
