// Sanke 三课 — lesson library pages: shared helpers (token, API, zh-CN first / English).
'use strict';

const TEXT = {
  'zh-CN': {
    title: '录播课程资源库', review: '审核队列', library: '资源库', token: '访问令牌', save: '保存',
    subject: '学科', grade: '年级', school: '学校编号', teacher: '教师编号', teacherName: '主讲教师', from: '开始日期', to: '结束日期',
    search: '搜索', reset: '清空', results: '共 {n} 节课', none: '没有找到符合条件的课程', play: '播放',
    duration: '时长', date: '日期', master: '主讲教室', rural: '听讲学校', quality: '清晰度', auto: '自动',
    close: '关闭', download: '下载 MP4', publish: '发布', reject: '驳回', reason: '驳回原因（必填）',
    queueEmpty: '审核队列为空', state: '状态', needToken: '请先填写访问令牌（由管理员发放）',
    published: '已发布', rejected: '已驳回', failed: '请求失败', gaps: '缺失片段', lang: 'English',
    states: { PUBLISHED: '已发布', PENDING_REVIEW: '待审核', REJECTED: '已驳回', RECORDING: '录制中',
              RECORDED: '已录制', PROCESSING: '转码中', FAILED: '失败' },
  },
  en: {
    title: 'Recorded lesson library', review: 'Review queue', library: 'Library', token: 'Access token', save: 'Save',
    subject: 'Subject', grade: 'Grade', school: 'School id', teacher: 'Teacher id', teacherName: 'Teacher', from: 'From', to: 'To',
    search: 'Search', reset: 'Clear', results: '{n} lessons', none: 'No lesson matches', play: 'Play',
    duration: 'Duration', date: 'Date', master: 'Master classroom', rural: 'Listening schools', quality: 'Quality',
    auto: 'Auto', close: 'Close', download: 'Download MP4', publish: 'Publish', reject: 'Reject',
    reason: 'Reason for rejection (required)', queueEmpty: 'Nothing to review', state: 'State',
    needToken: 'Enter an access token first (ask your administrator)', published: 'Published',
    rejected: 'Rejected', failed: 'Request failed', gaps: 'Gaps', lang: '中文',
    states: { PUBLISHED: 'Published', PENDING_REVIEW: 'Pending review', REJECTED: 'Rejected', RECORDING: 'Recording',
              RECORDED: 'Recorded', PROCESSING: 'Processing', FAILED: 'Failed' },
  },
};

const Library = {
  lang: localStorage.getItem('sanke.lang') || 'zh-CN', // zh-CN first; English by the button

  t(key, vars) {
    let s = (TEXT[this.lang] || TEXT['zh-CN'])[key] || TEXT['zh-CN'][key] || key;
    Object.entries(vars || {}).forEach(([k, v]) => { s = s.replace('{' + k + '}', v); });
    return s;
  },

  stateName(state) { return (TEXT[this.lang].states || {})[state] || state; },

  token() {
    const fromUrl = new URLSearchParams(location.search).get('token');
    if (fromUrl) {
      localStorage.setItem('sanke.token', fromUrl);
      history.replaceState(null, '', location.pathname);
    }
    return localStorage.getItem('sanke.token') || '';
  },

  setToken(t) { localStorage.setItem('sanke.token', t.trim()); },

  async api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + this.token() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch('/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = r.headers.get('Content-Type', '').includes('json') ? await r.json() : await r.text();
    if (!r.ok) {
      const msg = data && data.error ? data.error.message : r.status;
      throw new Error(msg);
    }
    return data;
  },

  applyText(root) {
    document.documentElement.lang = this.lang;
    (root || document).querySelectorAll('[data-t]').forEach(el => { el.textContent = this.t(el.dataset.t); });
    (root || document).querySelectorAll('[data-ph]').forEach(el => { el.placeholder = this.t(el.dataset.ph); });
  },

  toggleLang() {
    this.lang = this.lang === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('sanke.lang', this.lang);
    location.reload();
  },

  duration(iso) {
    if (!iso) return '—';
    const m = /PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?/.exec(iso);
    if (!m) return iso;
    const s = (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + Math.round(+m[3] || 0);
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  },

  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'onclick') e.addEventListener('click', v); else if (v !== null && v !== undefined) e.setAttribute(k, v);
    });
    children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return e;
  },

  /** Plays a recording with hls.js; rendition switching by the quality menu (auto = adaptive). */
  async play(recording, video, qualitySelect, links) {
    const pb = await this.api('GET', '/recordings/' + encodeURIComponent(recording.id) + '/playback');
    const origin = location.origin;
    if (this.hls) { this.hls.destroy(); this.hls = null; }
    if (pb.poster) video.poster = pb.poster;
    const token = this.token();
    if (window.Hls && Hls.isSupported()) {
      // playlists come from the library (bearer token); segments are presigned S3 URLs (no header).
      const hls = new Hls({ xhrSetup: (xhr, url) => { if (url.startsWith(origin)) xhr.setRequestHeader('Authorization', 'Bearer ' + token); } });
      this.hls = hls;
      hls.loadSource(origin + pb.master);
      hls.attachMedia(video);
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        qualitySelect.replaceChildren(this.el('option', { value: '-1' }, this.t('auto')),
          ...hls.levels.map((l, i) => this.el('option', { value: String(i) }, (l.height ? l.height + 'p' : l.name || i) +
            ' · ' + Math.round(l.bitrate / 1000) + ' kbps')));
        qualitySelect.onchange = () => { hls.currentLevel = parseInt(qualitySelect.value, 10); };
        video.play().catch(() => {});
      });
    } else {
      video.src = origin + pb.master + '?access_token=' + encodeURIComponent(token); // Safari plays HLS natively
    }
    links.replaceChildren(pb.mp4 ? this.el('a', { href: pb.mp4, download: recording.id + '.mp4' }, this.t('download')) : '');
  },
};
