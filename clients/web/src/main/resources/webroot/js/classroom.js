// Classroom terminal: the teacher and the courseware full screen, a small self view,
// raise hand, volume, the classroom on stage, and a clear notice when the link is poor
// (it then asks for the smallest layer of the teacher's camera so the sound keeps flowing).
import { Lesson } from './lesson.js';
import { t, onLangChange } from './i18n.js';
import { h, $, frame, start, videoTile, audioPlayer, chatPanel, toast, errorText } from './ui.js';

const lesson = new Lesson({ publish: true });
frame(lesson);
chatPanel(lesson);

const TEACHERS = new Set(['master-teacher', 'studio']);
const teacher = videoTile({ label: t('classroom.teacher'), cls: 'main' });
const courseware = videoTile({ label: t('classroom.courseware'), cls: 'courseware' });
const onStage = videoTile({ label: '', cls: 'stage-small' });
const self = videoTile({ label: t('self.preview'), cls: 'self-small' });
$('#main-slot').append(courseware.el, teacher.el);
$('#stage-slot').append(onStage.el);
$('#self-slot').append(self.el);
const audio = audioPlayer();
let tracks = [];
let poorCount = 0;
let goodCount = 0;
let lowered = false;

lesson.on('local', stream => self.setStream(stream));

function teacherId() {
  const p = [...lesson.participants.values()].find(x => TEACHERS.has(x.role));
  return p ? p.id : (tracks.find(x => x.source === 'screen') || {}).participantId;
}

function find(id, source) {
  const tr = tracks.find(x => x.participantId === id && x.source === source);
  return tr ? tr.track : null;
}

function render() {
  const tid = teacherId();
  teacher.setLabel(tid ? t('classroom.teacher') + ' · ' + lesson.name(tid) : t('classroom.teacher'));
  teacher.setTrack(tid ? find(tid, 'camera') : null);
  const screen = tracks.find(x => x.source === 'screen');
  courseware.setLabel(t('classroom.courseware'));
  courseware.setTrack(screen ? screen.track : null);
  $('#main-slot').classList.toggle('with-courseware', !!screen);
  courseware.el.hidden = !screen;
  $('#waiting').hidden = !!(tid && find(tid, 'camera'));
  teacher.setQuality(tid ? lesson.quality.get(tid) : null);

  const floor = lesson.floor;
  const other = floor && floor !== lesson.me;
  $('#stage-slot').hidden = !other;
  if (other) {
    onStage.setLabel(t('classroom.otherOnStage', { name: lesson.name(floor) }), lesson.name(floor));
    onStage.setTrack(find(floor, 'camera'));
  }
  const status = $('#hand-status');
  const at = lesson.hands.indexOf(lesson.me);
  if (floor === lesson.me) status.textContent = t('classroom.onStage');
  else if (at >= 0) status.textContent = t('classroom.handQueued', { n: at + 1 });
  else status.textContent = other ? t('classroom.otherOnStage', { name: lesson.name(floor) }) : '';
  document.body.classList.toggle('me-on-stage', floor === lesson.me);
  const hand = $('#hand');
  hand.textContent = at >= 0 ? t('classroom.lowerHand') : t('classroom.raiseHand');
  hand.classList.toggle('raised', at >= 0);
  hand.disabled = floor === lesson.me;
  $('#poor-link').hidden = !lowered;
  self.setLabel(lesson.me ? lesson.name(lesson.me) : t('self.preview'));
  $('#lesson-title').textContent = lesson.sessionId || '';
}

lesson.on('room', render);
lesson.on('tracks', list => { tracks = list; audio.sync(list); render(); });
lesson.on('joined', render);
onLangChange(render);

lesson.on('quality', q => {
  const tid = teacherId();
  const v = tid ? q.get(tid) : null;
  if (v === 'poor' || v === 'none') { poorCount++; goodCount = 0; } else if (v === 'good') { goodCount++; poorCount = 0; }
  if (!lowered && poorCount >= 2 && tid) {
    lowered = true;
    lesson.request('subscribe', { participantId: tid, source: 'camera', spatialLayer: 0, temporalLayer: 2, paused: false }).catch(() => {});
  } else if (lowered && goodCount >= 5) {
    lowered = false;
    lesson.request('subscribe', { participantId: tid, source: 'camera', spatialLayer: 2, temporalLayer: 2, paused: false }).catch(() => {});
  }
  render();
});

$('#hand').addEventListener('click', () => {
  const up = lesson.hands.includes(lesson.me);
  lesson.request(up ? 'lower-hand' : 'raise-hand').catch(e => toast(errorText(e), { kind: 'error' }));
});
$('#volume').addEventListener('input', e => audio.setVolume(Number(e.target.value) / 100));

lesson.on('mute-request', m => {
  if (m.kind === 'audio') toast(t('classroom.mutedByTeacher'), { kind: 'warn' });
});
lesson.on('room', () => {
  const me = lesson.participants.get(lesson.me);
  const mutedByServer = me && me.muted && me.muted.audio;
  if (lesson.wasMuted && !mutedByServer && !lesson.localEnabled('audio')) {
    toast(t('classroom.unmuteAsk'), { action: t('classroom.unmuteYes'), onAction: () => lesson.setLocalEnabled('audio', true), timeout: 0 });
  }
  lesson.wasMuted = !!mutedByServer;
});

start(lesson).then(render).catch(() => {});
