// The signaling WebSocket of a page (protocol v1, docs/protocol.md): requests with ids
// answered by result/error, events, a ping every 15 s, and reconnection with
// exponential backoff (250 ms doubling to 5 s, ±20 %) after any drop. It knows nothing
// of lessons: lesson.js sends join or resume after each (re)open.

export class SignalingError extends Error {
  constructor(code, message, messageEn) {
    super(message || code);
    this.code = code;
    this.messageEn = messageEn;
  }
}

export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(5000, 250 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (1 + (random() * 2 - 1) * 0.2));
}

export class Signaling {
  constructor(url) {
    this.url = url;
    this.state = 'connecting';
    this.attempt = 0;
    this.nextId = 1;
    this.pending = new Map();
    this.handlers = new Map();
    this.stateListeners = new Set();
    this.openListeners = new Set();
    this.everOpened = false;
    this.closedForGood = false;
    this.pingTimer = null;
  }

  /** Resolves when the socket first opens; rejects if that first attempt fails. */
  connect() {
    return new Promise((resolve, reject) => this.open(resolve, reject));
  }

  open(resolve, reject) {
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      if (reject) reject(e); else this.retry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      const again = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.setState('open');
      if (!this.pingTimer) {
        this.pingTimer = setInterval(() => {
          if (this.state === 'open') this.request('ping').catch(() => {});
        }, 15000);
      }
      if (resolve) resolve();
      this.openListeners.forEach(fn => fn(again));
    };
    ws.onmessage = e => this.receive(e.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const [id, p] of this.pending) {
        p.reject(new SignalingError('DISCONNECTED', 'connection lost [id:' + id + ']'));
      }
      this.pending.clear();
      if (!this.everOpened && reject) {
        this.setState('closed');
        reject(new SignalingError('DISCONNECTED', 'cannot reach ' + this.url));
        return;
      }
      if (this.closedForGood) {
        this.setState('closed');
        return;
      }
      this.retry();
    };
  }

  retry() {
    const delay = backoffDelay(this.attempt++);
    if (this.state === 'reconnecting') this.stateListeners.forEach(fn => fn(this.state, this.attempt));
    this.setState('reconnecting');
    setTimeout(() => { if (!this.closedForGood) this.open(); }, delay);
  }

  receive(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch (e) {
      return;
    }
    if ((msg.type === 'result' || msg.type === 'error') && msg.id && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.type === 'result') p.resolve(msg.result || {});
      else p.reject(new SignalingError(msg.code, msg.message, msg.messageEn));
      return;
    }
    (this.handlers.get(msg.type) || []).forEach(fn => fn(msg));
    (this.handlers.get('*') || []).forEach(fn => fn(msg));
  }

  /** Sends a request; resolves with its result object, rejects with a SignalingError. */
  request(type, fields = {}) {
    if (this.state !== 'open' || !this.ws) {
      return Promise.reject(new SignalingError('DISCONNECTED', 'not connected'));
    }
    const id = 'p' + this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ v: 1, type, id, ...fields }));
    });
  }

  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(fn);
  }

  onState(fn) { this.stateListeners.add(fn); }

  /** fn(reconnected) after every open. */
  onOpen(fn) { this.openListeners.add(fn); }

  setState(s) {
    if (this.state === s) return;
    this.state = s;
    this.stateListeners.forEach(fn => fn(s, this.attempt));
  }

  /** Drops the socket as a broken network would (tests); the page reconnects by itself. */
  drop() {
    if (this.ws) this.ws.close(4000, 'test drop');
  }

  close() {
    this.closedForGood = true;
    clearInterval(this.pingTimer);
    if (this.ws) this.ws.close(1000);
  }
}
