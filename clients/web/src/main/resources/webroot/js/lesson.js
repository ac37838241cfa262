// One participant of a live lesson in a page: joins with the lesson token of the URL,
// publishes the camera (three simulcast layers q/h/f) and microphone, answers every
// "renegotiate" with a new offer, keeps the room (participants, hands, floor, mutes),
// resumes after a dropped socket (media keeps flowing), re-creates its connection and offers
// again when the room moved to another SFU node ("media-moved"), or joins again when the resume
// window passed, and measures what it receives. Pages render it; it renders nothing.
import { Signaling, SignalingError } from './signaling.js';

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&#039;': "'" };

/** Undoes the server's HTML escaping of chat text; the result goes into textContent only. */
export function unescapeHtml(s) {
  return String(s ?? '').replace(/&(amp|lt|gt|quot|#39|#x27|#039);/g, m => ENTITIES[m]);
}

export class Lesson {
  constructor({ publish = true } = {}) {
    const q = new URLSearchParams(location.search);
    this.sessionId = q.get('session');
    this.token = q.get('token');
    const size = (q.get('video') || '640x360').split('x').map(Number);
    this.videoConstraints = { width: size[0] || 640, height: size[1] || 360, frameRate: 15 };
    this.url = q.get('ws') || ((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/v1');
    this.publish = publish;
    this.listeners = new Map();
    this.participants = new Map();
    this.hands = [];
    this.floor = null;
    this.dominant = null;
    this.remote = new Map();
    this.want = { video: 0, audio: 0 };
    this.have = { video: 0, audio: 0 };
    this.chain = Promise.resolve();
    this.localStream = null;
    this.senders = new Map();
    this.resumes = 0;
    this.rejoins = 0;
    this.previous = new Map();
    this.quality = new Map();
    this.closed = false;
  }

  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push(fn);
  }

  emit(event, data) {
    (this.listeners.get(event) || []).forEach(fn => {
      try { fn(data); } catch (e) { console.error(e); }
    });
  }

  async start() {
    if (!this.sessionId || !this.token) throw new SignalingError('MISSING', 'missing session or token');
    if (this.publish) {
      this.localStream = await navigator.mediaDevices.getUserMedia({ video: this.videoConstraints, audio: true });
      this.emit('local', this.localStream);
    }
    this.sig = new Signaling(this.url);
    this.sig.on('*', msg => this.onEvent(msg));
    this.sig.onOpen(again => { if (again) this.resume(); });
    this.sig.onState((s, attempt) => this.emit('connection', { state: s, attempt }));
    await this.sig.connect();
    await this.join();
    this.statsTimer = setInterval(() => this.measure(), 2000);
  }

  async join() {
    // Events can arrive before the join result (the socket is attached first); they are
    // newer than the result's room snapshot, so they are applied after it.
    this.early = [];
    const r = await this.sig.request('join', { sessionId: this.sessionId, token: this.token });
    this.me = r.participantId;
    this.role = r.role;
    this.resumeToken = r.resumeToken;
    this.applyRoom(r.room || {});
    const early = this.early;
    this.early = null;
    early.forEach(m => this.onEvent(m));
    this.createPeer();
    this.emit('joined', r);
    this.enqueue(() => (this.publish ? this.publishLocal() : this.negotiate()));
  }

  createPeer() {
    this.pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
    this.pc.onconnectionstatechange = () => this.emit('media', this.pc.connectionState);
    // want is what the server asked for (a renegotiate may come before the join result); have is this connection's
    this.have = { video: 0, audio: 0 };
    this.remote = new Map();
    this.senders = new Map();
  }

  /** After media-moved: replaces the peer connection and publishes and offers again (a screen share is not redone). */
  async restartMedia() {
    try { this.pc.close(); } catch (x) { /* already closed */ }
    this.createPeer();
    this.emitTracks();
    await (this.publish ? this.publishLocal() : this.negotiate());
  }

  async publishLocal() {
    const video = this.localStream.getVideoTracks()[0];
    const audio = this.localStream.getAudioTracks()[0];
    // simulcast by rid, lowest layer first: the SFU counts spatial layers in this order
    const vt = this.pc.addTransceiver(video, {
      direction: 'sendonly', streams: [this.localStream],
      sendEncodings: [{ rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' }]
    });
    const at = this.pc.addTransceiver(audio, { direction: 'sendonly', streams: [this.localStream] });
    await this.offerLocally();
    await this.sig.request('publish', { source: 'camera', mid: vt.mid });
    await this.sig.request('publish', { source: 'microphone', mid: at.mid });
    this.senders.set('camera', vt);
    this.senders.set('microphone', at);
    await this.negotiate(true);
  }

  /** Publishes a second video (screen or courseware board). */
  shareScreen(track) {
    return this.enqueue(async () => {
      const t = this.pc.addTransceiver(track, { direction: 'sendonly' });
      await this.offerLocally();
      await this.sig.request('publish', { source: 'screen', mid: t.mid });
      this.senders.set('screen', t);
      await this.negotiate(true);
    });
  }

  stopScreen() {
    return this.enqueue(async () => {
      const t = this.senders.get('screen');
      if (!t) return;
      await this.sig.request('unpublish', { source: 'screen' });
      t.sender.track && t.sender.track.stop();
      t.direction = 'inactive';
      this.senders.delete('screen');
      await this.negotiate();
    });
  }

  /** Adds receive m-sections up to what the server asked for; true if it added any. */
  ensureReceivers() {
    let added = false;
    while (this.have.video < this.want.video) { this.pc.addTransceiver('video', { direction: 'recvonly' }); this.have.video++; added = true; }
    while (this.have.audio < this.want.audio) { this.pc.addTransceiver('audio', { direction: 'recvonly' }); this.have.audio++; added = true; }
    return added;
  }

  /** Creates an offer and applies it locally, as the browser wrote it. */
  async offerLocally() {
    await this.pc.setLocalDescription(await this.pc.createOffer());
  }

  /** One offer/answer round with as many receive m-sections as the server asked for. */
  async negotiate(alreadyOffered = false) {
    if (!this.pc || (this.publish && !this.senders.has('camera') && !alreadyOffered)) {
      return false; // not joined or not published yet: the join's own first offer carries what is wanted
    }
    const added = this.ensureReceivers();
    if (!alreadyOffered || added) {
      if (!this.publish && this.have.video + this.have.audio === 0) return;
      await this.offerLocally();
    }
    const r = await this.sig.request('offer', { sdp: this.pc.localDescription.sdp, iceRestart: false });
    await this.pc.setRemoteDescription({ type: 'answer', sdp: r.sdp });
    this.remote = new Map((r.tracks || []).map(t => [t.mid, t]));
    this.emitTracks();
    return added;
  }

  emitTracks() {
    const list = [];
    for (const tr of this.pc.getTransceivers()) {
      const info = tr.mid != null ? this.remote.get(tr.mid) : null;
      if (info) list.push({ ...info, track: tr.receiver.track });
    }
    this.emit('tracks', list);
  }

  enqueue(fn) {
    const next = this.chain.then(fn);
    this.chain = next.catch(e => {
      if (e && e.code === 'DISCONNECTED') this.negotiateAfterResume = true; // the resume will redo it
      else this.emit('error', e);
    });
    return next;
  }

  async resume() {
    try {
      const r = await this.sig.request('resume', { resumeToken: this.resumeToken });
      this.resumeToken = r.resumeToken;
      this.applyRoom(r.room || {});
      this.resumes++;
      this.emit('resumed', r);
      if (this.negotiateAfterResume) {
        this.negotiateAfterResume = false;
        this.enqueue(() => this.negotiate());
      }
    } catch (e) {
      if (e.code === 'RESUME_EXPIRED') {
        this.rejoins++;
        this.emit('rejoin');
        try { this.pc.close(); } catch (x) { /* already closed */ }
        this.chain = Promise.resolve();
        await this.join();
      } else {
        this.emit('error', e);
      }
    }
  }

  applyRoom(room) {
    this.participants = new Map((room.participants || []).map(p => [p.id, p]));
    this.hands = room.hands || [];
    this.floor = room.floor ?? null;
    this.dominant = room.dominantSpeaker ?? null;
    this.emit('room', this);
  }

  onEvent(msg) {
    if (this.early && msg.type !== 'renegotiate') {
      this.early.push(msg);
      return;
    }
    switch (msg.type) {
      case 'presence': {
        const p = msg.participant || {};
        if (msg.action === 'left') this.participants.delete(p.id);
        else this.participants.set(p.id, { ...(this.participants.get(p.id) || {}), ...p, connected: msg.action !== 'disconnected' });
        this.emit('room', this);
        break;
      }
      case 'published':
      case 'unpublished':
        this.emit('room', this);
        break;
      case 'renegotiate':
        this.want.video = Math.max(this.want.video, msg.video || 0);
        this.want.audio = Math.max(this.want.audio, msg.audio || 0);
        // a refused negotiation (the room changed while it ran) is tried once more
        this.enqueue(() => this.negotiate().catch(e => {
          if (e && e.code === 'DISCONNECTED') throw e;
          return this.negotiate();
        }));
        break;
      case 'media-moved':
        // the room's SFU node died and the room moved: a new connection, published and offered as at join
        this.mediaMoves = (this.mediaMoves || 0) + 1;
        this.emit('media-moved', msg);
        this.enqueue(() => this.restartMedia());
        break;
      case 'hands':
        this.hands = msg.hands || [];
        this.emit('room', this);
        break;
      case 'floor':
        this.floor = msg.participantId ?? null;
        this.emit('room', this);
        break;
      case 'muted': {
        const p = this.participants.get(msg.participantId);
        if (p) p.muted = { audio: !!msg.audio, video: !!msg.video };
        this.emit('room', this);
        break;
      }
      case 'mute-request':
        this.setLocalEnabled(msg.kind, false);
        this.emit('mute-request', msg);
        break;
      case 'chat':
        this.emit('chat', { ...msg, text: unescapeHtml(msg.text) });
        break;
      case 'dominant-speaker':
        this.dominant = msg.participantId;
        this.emit('room', this);
        break;
      case 'kicked':
        this.shutdown();
        this.emit('kicked', msg);
        break;
      case 'room-closed':
        this.shutdown();
        this.emit('closed', msg);
        break;
      default:
    }
  }

  setLocalEnabled(kind, on) {
    if (!this.localStream) return;
    const tracks = kind === 'video' ? this.localStream.getVideoTracks() : this.localStream.getAudioTracks();
    tracks.forEach(t => { t.enabled = on; });
    this.emit('local-mute', { kind, on });
  }

  localEnabled(kind) {
    if (!this.localStream) return false;
    const t = (kind === 'video' ? this.localStream.getVideoTracks() : this.localStream.getAudioTracks())[0];
    return !!t && t.enabled;
  }

  request(type, fields) {
    return this.sig.request(type, fields);
  }

  name(id) {
    const p = this.participants.get(id);
    return (p && p.name) || id || '';
  }

  /** Inbound media of this page now: one entry per received m-section. */
  async mediaStats() {
    if (!this.pc) return [];
    const report = await this.pc.getStats();
    const out = [];
    report.forEach(s => {
      if (s.type !== 'inbound-rtp') return;
      const info = this.remote.get(s.mid) || {};
      out.push({
        mid: s.mid, kind: s.kind, participantId: info.participantId || null, source: info.source || null,
        framesDecoded: s.framesDecoded || 0, frameWidth: s.frameWidth || 0, frameHeight: s.frameHeight || 0,
        framesPerSecond: s.framesPerSecond || 0, packetsReceived: s.packetsReceived || 0,
        packetsLost: s.packetsLost || 0, jitter: s.jitter || 0, bytesReceived: s.bytesReceived || 0,
        totalSamplesReceived: s.totalSamplesReceived || 0, audioLevel: s.audioLevel || 0,
        totalAudioEnergy: s.totalAudioEnergy || 0
      });
    });
    return out;
  }

  /** Link quality per sender of a received camera: good, fair, poor (loss, frame rate), none. */
  async measure() {
    if (this.closed) return;
    let stats;
    try { stats = await this.mediaStats(); } catch (e) { return; }
    const quality = new Map();
    for (const s of stats) {
      if (s.kind !== 'video' || !s.participantId || s.source !== 'camera') continue;
      const before = this.previous.get(s.mid) || { packetsReceived: 0, packetsLost: 0, framesDecoded: 0 };
      const got = s.packetsReceived - before.packetsReceived;
      const lost = Math.max(0, s.packetsLost - before.packetsLost);
      const frames = s.framesDecoded - before.framesDecoded;
      const loss = got + lost > 0 ? lost / (got + lost) : 0;
      let q = 'good';
      if (frames <= 0) q = 'none';
      else if (loss > 0.08 || frames < 8) q = 'poor';
      else if (loss > 0.02 || frames < 16 || s.jitter > 0.05) q = 'fair';
      quality.set(s.participantId, q);
      this.previous.set(s.mid, s);
    }
    this.quality = quality;
    this.emit('quality', quality);
  }

  leave() {
    if (this.sig && this.sig.state === 'open') this.sig.request('leave').catch(() => {});
    this.shutdown();
  }

  shutdown() {
    this.closed = true;
    clearInterval(this.statsTimer);
    if (this.sig) this.sig.close();
    if (this.pc) { try { this.pc.close(); } catch (e) { /* closed */ } }
  }
}
