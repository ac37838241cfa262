// Small DOM helpers shared by the pages. User text always goes through textContent.
import { t, apply, bindSwitch, onLangChange } from './i18n.js';

/** Creates an element: h('button', {class: 'x', onclick: fn, dataset: {...}}, 'text', child). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function $(sel) {
  return document.querySelector(sel);
}

/** A short message in the corner; with an action button if given. */
export function toast(message, { action, onAction, timeout = 5000, kind = 'info' } = {}) {
  const box = $('#toasts');
  const el = h('div', { class: 'toast ' + kind, role: 'status' }, h('span', {}, message));
  if (action) {
    el.append(h('button', { class: 'btn small primary', onclick: () => { el.remove(); onAction(); } }, action));
  }
  box.append(el);
  if (timeout) setTimeout(() => el.remove(), timeout);
  return el;
}

/** Language switch, lesson timer and the connection banner of every lesson page. */
export function frame(lesson) {
  apply();
  bindSwitch($('#lang-switch'));
  const started = Date.now();
  const timer = $('#timer');
  if (timer) {
    setInterval(() => {
      const s = Math.floor((Date.now() - started) / 1000);
      const hh = Math.floor(s / 3600);
      const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
      const ss = String(s % 60).padStart(2, '0');
      timer.textContent = (hh ? hh + ':' : '') + mm + ':' + ss;
    }, 1000);
  }
  const banner = $('#conn-banner');
  const dot = $('#conn-dot');
  let last = { state: 'connecting', attempt: 0 };
  let hideTimer = null;
  const render = () => {
    dot.className = 'dot ' + last.state;
    dot.title = last.state === 'open' ? t('conn.open') : t('conn.reconnecting');
    if (last.state === 'reconnecting') {
      clearTimeout(hideTimer);
      banner.hidden = false;
      banner.className = 'banner lost';
      banner.textContent = t('conn.lost', { n: last.attempt });
    }
  };
  lesson.on('connection', c => { last = c; render(); });
  lesson.on('resumed', () => {
    banner.hidden = false;
    banner.className = 'banner back';
    banner.textContent = t('conn.back');
    hideTimer = setTimeout(() => { banner.hidden = true; }, 3000);
  });
  lesson.on('rejoin', () => {
    banner.hidden = false;
    banner.className = 'banner lost';
    banner.textContent = t('conn.rejoin');
  });
  lesson.on('joined', () => {
    if (lesson.rejoins > 0) {
      banner.className = 'banner back';
      banner.textContent = t('conn.back');
      hideTimer = setTimeout(() => { banner.hidden = true; }, 3000);
    }
  });
  onLangChange(render);
  lesson.on('closed', () => fatal(t('lesson.closed')));
  lesson.on('kicked', () => fatal(t('lesson.kicked')));
  lesson.on('error', e => toast(errorText(e), { kind: 'error' }));
  window.sanke = {
    lesson,
    stats: () => lesson.mediaStats(),
    state: () => ({
      me: lesson.me, role: lesson.role, hands: lesson.hands, floor: lesson.floor,
      signaling: lesson.sig ? lesson.sig.state : 'connecting', media: lesson.pc ? lesson.pc.connectionState : 'new',
      resumes: lesson.resumes, rejoins: lesson.rejoins, banner: banner.hidden ? '' : banner.textContent,
      quality: Object.fromEntries(lesson.quality)
    }),
    drop: () => lesson.sig.drop()
  };
}

export function errorText(e) {
  if (e && e.code && t('error.' + e.code) !== 'error.' + e.code) return t('error.' + e.code);
  const lang = document.documentElement.lang;
  const message = (e && (lang === 'en' ? e.messageEn || e.message : e.message)) || String(e);
  return t('error.generic', { message });
}

/** Replaces the page body with a clear message (lesson over, joined elsewhere, cannot join). */
export function fatal(message) {
  const cover = h('div', { class: 'fatal' }, h('div', { class: 'fatal-box' }, h('div', { class: 'logo big' }, '三课'), h('p', {}, message)));
  document.body.append(cover);
}

/** Starts the lesson and shows why if it cannot. */
export async function start(lesson) {
  const joining = h('div', { class: 'joining' }, t('lesson.joining'));
  document.body.append(joining);
  try {
    await lesson.start();
  } catch (e) {
    fatal(e && e.code === 'MISSING' ? t('lesson.missing') : t('lesson.failed', { message: errorText(e) }));
    throw e;
  } finally {
    joining.remove();
  }
}

/** A video tile with a name label, a quality badge and optional state chips. */
export function videoTile({ label = '', muted = true, cls = '' } = {}) {
  const video = h('video', { autoplay: true, playsInline: true, muted });
  video.muted = muted;
  const name = h('span', { class: 'tile-name' }, label);
  const badge = h('span', { class: 'badge', hidden: true });
  const chips = h('span', { class: 'chips' });
  const placeholder = h('div', { class: 'placeholder' }, label.slice(0, 2));
  const el = h('div', { class: 'tile ' + cls }, placeholder, video, h('div', { class: 'tile-bar' }, name, chips, badge));
  let current = null;
  return {
    el, video,
    setTrack(track) {
      if (track === current) return;
      current = track;
      video.srcObject = track ? new MediaStream([track]) : null;
      el.classList.toggle('has-video', !!track);
      if (track) video.play().catch(() => {});
    },
    setStream(stream) {
      video.srcObject = stream;
      el.classList.toggle('has-video', !!stream);
      if (stream) video.play().catch(() => {});
    },
    /** The label under the picture; the placeholder shows the first two characters of short (default: the label). */
    setLabel(text, short = text) { name.textContent = text; placeholder.textContent = String(short).slice(0, 2); },
    setQuality(q) {
      badge.hidden = !q;
      if (q) { badge.className = 'badge q-' + q; badge.textContent = t('quality.' + q); }
    },
    setChips(list) { chips.replaceChildren(...list.map(c => h('span', { class: 'chip ' + (c.cls || '') }, c.text))); }
  };
}

/** Plays remote audio tracks in hidden audio elements; returns a volume setter. */
export function audioPlayer() {
  const box = h('div', { hidden: true });
  document.body.append(box);
  const els = new Map();
  let volume = 1;
  return {
    sync(tracks) {
      const live = new Set();
      for (const tr of tracks) {
        if (tr.kind !== 'audio' || !tr.track) continue;
        live.add(tr.mid);
        let a = els.get(tr.mid);
        if (!a) {
          a = h('audio', { autoplay: true });
          box.append(a);
          els.set(tr.mid, a);
        }
        if (!a.srcObject || a.srcObject.getTracks()[0] !== tr.track) {
          a.srcObject = new MediaStream([tr.track]);
          a.volume = volume;
          a.play().catch(() => {});
        }
      }
      for (const [mid, a] of els) {
        if (!live.has(mid)) { a.remove(); els.delete(mid); }
      }
    },
    setVolume(v) { volume = v; els.forEach(a => { a.volume = v; }); }
  };
}

/** Binds the chat panel: messages escaped by construction (textContent). */
export function chatPanel(lesson, { readOnly = false } = {}) {
  const log = $('#chat-log');
  const empty = h('li', { class: 'empty', dataset: { i18n: 'chat.empty' } }, t('chat.empty'));
  log.append(empty);
  lesson.on('chat', m => {
    empty.remove();
    const time = m.at ? new Date(m.at).toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' }) : '';
    const mine = m.from === lesson.me;
    log.append(h('li', { class: mine ? 'mine' : '' },
      h('div', { class: 'meta' }, h('b', {}, m.name || m.from || ''), ' ', h('span', { class: 'role' }, m.role ? t('role.' + m.role) : ''), ' ', h('time', {}, time)),
      h('div', { class: 'text' }, m.text)));
    log.scrollTop = log.scrollHeight;
  });
  const form = $('#chat-form');
  if (readOnly) { form.hidden = true; return; }
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const input = $('#chat-input');
    const text = input.value.trim();
    if (!text) return;
    if ([...text].length > 500) { toast(t('chat.tooLong'), { kind: 'error' }); return; }
    try {
      await lesson.request('chat', { text });
      input.value = '';
    } catch (e) {
      toast(errorText(e), { kind: 'error' });
    }
  });
}
