// Lesson inspection (巡课): sees what a classroom sees and every classroom the server
// forwards, sends nothing, is not listed to others, reads the chat.
import { Lesson } from './lesson.js';
import { t, onLangChange } from './i18n.js';
import { $, frame, start, videoTile, audioPlayer, chatPanel } from './ui.js';

const lesson = new Lesson({ publish: false });
frame(lesson);
chatPanel(lesson, { readOnly: true });
const audio = audioPlayer();
const tiles = new Map();
let tracks = [];

function render() {
  const grid = $('#observer-grid');
  const videos = tracks.filter(x => x.kind === 'video');
  const keep = new Set(videos.map(x => x.mid));
  for (const [mid, tile] of tiles) if (!keep.has(mid)) { tile.el.remove(); tiles.delete(mid); }
  for (const v of videos) {
    let tile = tiles.get(v.mid);
    if (!tile) { tile = videoTile({}); tiles.set(v.mid, tile); grid.append(tile.el); }
    const p = lesson.participants.get(v.participantId);
    tile.setLabel(lesson.name(v.participantId) + (p && p.role ? ' · ' + t('role.' + p.role) : '') + (v.source === 'screen' ? ' · ' + t('classroom.courseware') : ''));
    tile.setTrack(v.track);
    tile.setQuality(lesson.quality.get(v.participantId) || null);
  }
  $('#observer-empty').hidden = videos.length > 0;
  $('#lesson-title').textContent = lesson.sessionId || '';
  $('#observer-count').textContent = String([...lesson.participants.values()].filter(p => p.id !== lesson.me).length);
}

lesson.on('tracks', list => { tracks = list; audio.sync(list); render(); });
lesson.on('room', render);
lesson.on('quality', render);
onLangChange(render);
start(lesson).then(render).catch(() => {});
