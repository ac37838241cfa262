// Master teacher console: own preview, the classroom grid with link quality, the hand
// queue, floor control, mute, courseware sharing, chat and the lesson timer.
import { Lesson } from './lesson.js';
import { t, lang, onLangChange } from './i18n.js';
import { h, $, frame, start, videoTile, audioPlayer, chatPanel, toast, errorText } from './ui.js';

const lesson = new Lesson({ publish: true });
frame(lesson);
chatPanel(lesson);

const self = videoTile({ label: t('self.preview'), cls: 'self' });
$('#self-slot').append(self.el);
const stage = videoTile({ label: '', cls: 'stage-tile', muted: true });
$('#stage-slot').append(stage.el);
const audio = audioPlayer();
const tiles = new Map();
let tracks = [];
let screenTrack = null;

lesson.on('local', stream => self.setStream(stream));

const CLASSROOM_ROLES = new Set(['classroom', 'assistant-teacher']);

function act(promise) {
  promise.catch(e => toast(errorText(e), { kind: 'error' }));
}

function tileFor(id) {
  let tile = tiles.get(id);
  if (!tile) {
    tile = videoTile({ label: lesson.name(id) });
    tile.grant = h('button', { class: 'btn small primary', onclick: () => act(lesson.request('grant-floor', { participantId: id })) });
    tile.mute = h('button', { class: 'btn small', onclick: () => {
      const p = lesson.participants.get(id);
      const muted = p && p.muted && p.muted.audio;
      act(lesson.request(muted ? 'unmute' : 'mute', { participantId: id, kind: 'audio' }));
    } });
    tile.el.append(h('div', { class: 'tile-actions' }, tile.grant, tile.mute));
    tile.el.dataset.participant = id;
    tiles.set(id, tile);
  }
  return tile;
}

function camera(id) {
  const tr = tracks.find(x => x.participantId === id && x.source === 'camera');
  return tr ? tr.track : null;
}

function render() {
  const classrooms = [...lesson.participants.values()].filter(p => CLASSROOM_ROLES.has(p.role) && p.id !== lesson.me);
  const grid = $('#classroom-grid');
  const keep = new Set(classrooms.map(p => p.id));
  for (const [id, tile] of tiles) if (!keep.has(id)) { tile.el.remove(); tiles.delete(id); }
  for (const p of classrooms) {
    const tile = tileFor(p.id);
    tile.setLabel(p.name || p.id);
    tile.setTrack(camera(p.id));
    tile.setQuality(p.connected === false ? 'poor' : (lesson.quality.get(p.id) || (camera(p.id) ? null : 'none')));
    const chips = [];
    const handAt = lesson.hands.indexOf(p.id);
    if (handAt >= 0) chips.push({ text: t('teacher.handUp') + ' ' + (handAt + 1), cls: 'hand' });
    if (lesson.floor === p.id) chips.push({ text: t('teacher.stage'), cls: 'stage' });
    if (p.muted && p.muted.audio) chips.push({ text: t('teacher.muted'), cls: 'muted' });
    if (p.connected === false) chips.push({ text: t('conn.reconnecting'), cls: 'muted' });
    tile.setChips(chips);
    tile.grant.textContent = t('teacher.grant');
    tile.grant.disabled = lesson.floor === p.id;
    tile.mute.textContent = p.muted && p.muted.audio ? t('teacher.unmute') : t('teacher.mute');
    tile.el.classList.toggle('on-stage', lesson.floor === p.id);
    tile.el.classList.toggle('hand-up', handAt >= 0);
    if (!tile.el.isConnected) grid.append(tile.el);
  }
  $('#grid-empty').hidden = classrooms.length > 0;
  $('#classroom-count').textContent = String(classrooms.length);

  const queue = $('#hand-queue');
  // rebuilt only when the queue changed, so a button is never replaced under the pointer
  const queueKey = JSON.stringify([lang(), lesson.hands.map(id => [id, lesson.name(id)])]);
  if (queue.dataset.key !== queueKey) {
    queue.dataset.key = queueKey;
    queue.replaceChildren(...lesson.hands.map((id, i) => h('li', {},
    h('span', { class: 'pos' }, String(i + 1)), h('span', { class: 'who' }, lesson.name(id)),
    h('button', { class: 'btn small primary', onclick: () => act(lesson.request('grant-floor', { participantId: id })) }, t('teacher.grant')),
    h('button', { class: 'btn small', onclick: () => act(lesson.request('lower-hand', { participantId: id })) }, t('teacher.lower')))));
  }
  $('#hands-empty').hidden = lesson.hands.length > 0;

  const holder = lesson.floor;
  $('#floor-holder').textContent = holder ? t('teacher.floorHolder', { name: lesson.name(holder) }) : t('teacher.floorNone');
  $('#revoke-floor').disabled = !holder;
  $('#stage-slot').hidden = !holder;
  if (holder) {
    stage.setLabel(t('teacher.stage') + ' · ' + lesson.name(holder), lesson.name(holder));
    stage.setTrack(camera(holder));
  } else {
    stage.setTrack(null);
  }
  const micOn = lesson.localEnabled('audio');
  $('#mic-toggle').textContent = micOn ? t('teacher.mic') : t('teacher.micOff');
  $('#mic-toggle').classList.toggle('off', !micOn);
  $('#screen-toggle').textContent = screenTrack ? t('teacher.screenStop') : t('teacher.screen');
  self.setLabel(t('self.preview') + (lesson.me ? ' · ' + lesson.name(lesson.me) : ''), lesson.me ? lesson.name(lesson.me) : '');
}

lesson.on('room', render);
lesson.on('quality', render);
lesson.on('local-mute', render);
lesson.on('tracks', list => { tracks = list; audio.sync(list); render(); });
lesson.on('joined', r => {
  const title = $('#lesson-title');
  title.textContent = lesson.sessionId;
  render();
});
onLangChange(render);

$('#revoke-floor').addEventListener('click', () => act(lesson.request('revoke-floor')));
$('#mute-all').addEventListener('click', () => act(lesson.request('mute', { all: true, kind: 'audio' })));
$('#unmute-all').addEventListener('click', () => act(lesson.request('unmute', { all: true, kind: 'audio' })));
$('#mic-toggle').addEventListener('click', () => { lesson.setLocalEnabled('audio', !lesson.localEnabled('audio')); });
$('#screen-toggle').addEventListener('click', async () => {
  if (screenTrack) {
    screenTrack = null;
    act(lesson.stopScreen());
    render();
    return;
  }
  try {
    const s = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 5 } });
    screenTrack = s.getVideoTracks()[0];
  } catch (e) {
    toast(t('teacher.screenFailed'));
    screenTrack = coursewareBoard();
  }
  act(lesson.shareScreen(screenTrack));
  render();
});

/** A simple courseware board drawn on a canvas, shared when the screen cannot be. */
function coursewareBoard() {
  const c = h('canvas', { width: 1280, height: 720 });
  const g = c.getContext('2d');
  let n = 0;
  const draw = () => {
    g.fillStyle = '#fdfcf7'; g.fillRect(0, 0, 1280, 720);
    g.fillStyle = '#1d4e89'; g.fillRect(0, 0, 1280, 90);
    g.fillStyle = '#fff'; g.font = 'bold 44px sans-serif'; g.fillText(lesson.sessionId || '', 40, 62);
    g.fillStyle = '#222'; g.font = '40px sans-serif';
    g.fillText('1 + 2 + 3 + … + 100 = ?', 80, 220);
    g.fillText('(1 + 100) × 100 ÷ 2 = 5050', 80, 320);
    g.fillStyle = '#c0392b'; g.beginPath(); g.arc(1000 + 80 * Math.cos(n / 15), 450, 30, 0, 7); g.fill();
    n++;
  };
  draw();
  setInterval(draw, 200);
  return c.captureStream(5).getVideoTracks()[0];
}

start(lesson).then(render).catch(() => {});
