// Strings of every page: zh-CN first, English second. The choice is kept in
// localStorage ("sanke.lang") and applied to every element with data-i18n.
const TABLES = {
  'zh-CN': {
    'app.name': '三个课堂 · 互动教学',
    'app.switch': 'English',
    'index.title': '三课 · 进入课堂',
    'index.lead': '请输入课节编号和课堂令牌（由县教育局或主讲教师发放）。',
    'index.session': '课节编号',
    'index.token': '课堂令牌',
    'index.teacher': '主讲教师控制台',
    'index.classroom': '听讲课堂终端',
    'index.observer': '巡课',
    'teacher.title': '主讲教师控制台',
    'classroom.title': '听讲课堂',
    'observer.title': '巡课',
    'lesson.timer': '上课时长',
    'lesson.joining': '正在进入课堂…',
    'lesson.missing': '链接缺少课节编号或令牌，请从课表重新进入。',
    'lesson.closed': '本节课已结束。',
    'lesson.kicked': '您已在其他设备上进入本课堂，此页面已断开。',
    'lesson.failed': '进入课堂失败：{message}',
    'conn.lost': '网络连接已断开，正在重新连接…（第 {n} 次）',
    'conn.back': '已重新连接',
    'conn.rejoin': '连接中断时间过长，正在重新进入课堂…',
    'conn.open': '已连接',
    'conn.reconnecting': '重连中',
    'quality.good': '流畅',
    'quality.fair': '一般',
    'quality.poor': '较差',
    'quality.none': '无画面',
    'self.preview': '本地画面',
    'role.master-teacher': '主讲教师',
    'role.assistant-teacher': '辅导教师',
    'role.classroom': '听讲课堂',
    'role.studio': '名师工作室',
    'role.observer': '巡课',
    'role.viewer': '观众',
    'teacher.classrooms': '听讲课堂',
    'teacher.noClassrooms': '还没有课堂进入',
    'teacher.hands': '举手队列',
    'teacher.noHands': '暂无举手',
    'teacher.grant': '准许发言',
    'teacher.lower': '放下',
    'teacher.floor': '发言控制',
    'teacher.floorNone': '当前无人发言',
    'teacher.floorHolder': '正在发言：{name}',
    'teacher.revoke': '收回发言',
    'teacher.stage': '发言课堂',
    'teacher.mute': '静音',
    'teacher.unmute': '取消静音',
    'teacher.muteAll': '全体静音',
    'teacher.unmuteAll': '全体取消静音',
    'teacher.screen': '共享课件',
    'teacher.screenStop': '停止共享',
    'teacher.screenFailed': '无法共享屏幕，已改为共享课件画板',
    'teacher.mic': '麦克风',
    'teacher.micOff': '麦克风已关',
    'teacher.handUp': '举手',
    'teacher.muted': '已静音',
    'chat.title': '互动消息',
    'chat.placeholder': '输入消息，按回车发送',
    'chat.send': '发送',
    'chat.empty': '暂无消息',
    'chat.tooLong': '消息太长（最多 500 字）',
    'classroom.teacher': '主讲教师',
    'classroom.courseware': '课件',
    'classroom.raiseHand': '举手发言',
    'classroom.lowerHand': '放下手',
    'classroom.handQueued': '已举手，排在第 {n} 位',
    'classroom.onStage': '您正在发言，全体课堂都能听到',
    'classroom.otherOnStage': '{name} 正在发言',
    'classroom.volume': '音量',
    'classroom.poorLink': '网络较差，已自动降低画质以保证声音连续',
    'classroom.waitingTeacher': '等待主讲教师进入…',
    'classroom.mutedByTeacher': '主讲教师已将本课堂静音',
    'classroom.unmuteAsk': '主讲教师已允许发言，是否打开麦克风？',
    'classroom.unmuteYes': '打开麦克风',
    'observer.note': '巡课模式：他人看不到您，您不发送音视频',
    'observer.participants': '课堂画面',
    'error.FORBIDDEN': '没有权限执行此操作',
    'error.NOT_FOUND': '对象不存在或已离开',
    'error.generic': '操作失败：{message}'
  },
  en: {
    'app.name': 'Three Classrooms · Live Teaching',
    'app.switch': '中文',
    'index.title': 'Sanke · Enter a lesson',
    'index.lead': 'Enter the lesson id and the lesson token (issued by the education bureau or the master teacher).',
    'index.session': 'Lesson id',
    'index.token': 'Lesson token',
    'index.teacher': 'Master teacher console',
    'index.classroom': 'Classroom terminal',
    'index.observer': 'Observe',
    'teacher.title': 'Master teacher console',
    'classroom.title': 'Classroom',
    'observer.title': 'Lesson inspection',
    'lesson.timer': 'Lesson time',
    'lesson.joining': 'Joining the lesson…',
    'lesson.missing': 'The link lacks a lesson id or token; open it again from the timetable.',
    'lesson.closed': 'This lesson has ended.',
    'lesson.kicked': 'You joined this lesson on another device; this page is disconnected.',
    'lesson.failed': 'Could not join the lesson: {message}',
    'conn.lost': 'Connection lost, reconnecting… (attempt {n})',
    'conn.back': 'Reconnected',
    'conn.rejoin': 'The connection was down too long; joining the lesson again…',
    'conn.open': 'Connected',
    'conn.reconnecting': 'Reconnecting',
    'quality.good': 'Good',
    'quality.fair': 'Fair',
    'quality.poor': 'Poor',
    'quality.none': 'No video',
    'self.preview': 'My camera',
    'role.master-teacher': 'Master teacher',
    'role.assistant-teacher': 'Assistant teacher',
    'role.classroom': 'Classroom',
    'role.studio': 'Teacher studio',
    'role.observer': 'Observer',
    'role.viewer': 'Viewer',
    'teacher.classrooms': 'Classrooms',
    'teacher.noClassrooms': 'No classroom has joined yet',
    'teacher.hands': 'Raised hands',
    'teacher.noHands': 'No hands raised',
    'teacher.grant': 'Give floor',
    'teacher.lower': 'Lower',
    'teacher.floor': 'Floor',
    'teacher.floorNone': 'Nobody has the floor',
    'teacher.floorHolder': 'Speaking: {name}',
    'teacher.revoke': 'Take floor back',
    'teacher.stage': 'On stage',
    'teacher.mute': 'Mute',
    'teacher.unmute': 'Unmute',
    'teacher.muteAll': 'Mute all',
    'teacher.unmuteAll': 'Unmute all',
    'teacher.screen': 'Share courseware',
    'teacher.screenStop': 'Stop sharing',
    'teacher.screenFailed': 'Screen sharing is unavailable; sharing the courseware board instead',
    'teacher.mic': 'Microphone',
    'teacher.micOff': 'Microphone off',
    'teacher.handUp': 'Hand up',
    'teacher.muted': 'Muted',
    'chat.title': 'Messages',
    'chat.placeholder': 'Type a message, Enter to send',
    'chat.send': 'Send',
    'chat.empty': 'No messages yet',
    'chat.tooLong': 'Message too long (500 characters at most)',
    'classroom.teacher': 'Master teacher',
    'classroom.courseware': 'Courseware',
    'classroom.raiseHand': 'Raise hand',
    'classroom.lowerHand': 'Lower hand',
    'classroom.handQueued': 'Hand raised, number {n} in the queue',
    'classroom.onStage': 'You have the floor: every classroom hears you',
    'classroom.otherOnStage': '{name} has the floor',
    'classroom.volume': 'Volume',
    'classroom.poorLink': 'Poor network: picture quality lowered to keep the sound flowing',
    'classroom.waitingTeacher': 'Waiting for the master teacher…',
    'classroom.mutedByTeacher': 'The master teacher muted this classroom',
    'classroom.unmuteAsk': 'The master teacher allows you to speak. Turn the microphone on?',
    'classroom.unmuteYes': 'Turn microphone on',
    'observer.note': 'Inspection mode: nobody sees you and you send nothing',
    'observer.participants': 'Classrooms',
    'error.FORBIDDEN': 'You may not do that',
    'error.NOT_FOUND': 'Not found or already left',
    'error.generic': 'Failed: {message}'
  }
};

const KEY = 'sanke.lang';
const listeners = new Set();

export function lang() {
  const saved = localStorage.getItem(KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

/** The string for key in the current language, with {name} placeholders filled. */
export function t(key, params = {}) {
  const table = TABLES[lang()];
  const raw = table[key] ?? TABLES['zh-CN'][key] ?? key;
  return raw.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Fills every [data-i18n] (text), [data-i18n-placeholder] and [data-i18n-title] under root. */
export function apply(root = document) {
  document.documentElement.lang = lang();
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-title]').forEach(el => { el.title = t(el.dataset.i18nTitle); });
  const title = document.querySelector('title[data-i18n]');
  if (title) document.title = t(title.dataset.i18n) + ' · 三课 Sanke';
}

export function setLang(l) {
  localStorage.setItem(KEY, l === 'en' ? 'en' : 'zh-CN');
  apply();
  listeners.forEach(fn => fn(lang()));
}

/** Calls fn after every language switch (to re-render dynamic text). */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** Turns a button into the language switch. */
export function bindSwitch(button) {
  const label = () => { button.textContent = t('app.switch'); };
  label();
  onLangChange(label);
  button.addEventListener('click', () => setLang(lang() === 'en' ? 'zh-CN' : 'en'));
}

export const STRINGS = TABLES;
