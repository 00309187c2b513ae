// The UI's two languages: Chinese (default) and English, the choice kept in localStorage;
// dates and times always in the Asia/Shanghai calendar.
import {
  EVENT_TITLES,
  HEALTH_ORDER,
  HEALTH_TITLES,
  KIND_TITLES,
  LEVEL_TITLES,
  ROLE_TITLES,
  shanghaiDate,
  shanghaiDateTime,
  STANDING_TITLES,
} from '../../definitions/vocabulary.js';

const LANG_KEY = 'ce.lang';

export type Lang = 'zh' | 'en';

const zh = {
  app: '专项行动',
  appLong: '专项行动引擎',
  campaigns: '专项行动',
  definitions: '方案模板',
  signIn: '登录',
  signOut: '退出',
  signInTitle: '使用令牌登录',
  signInHelp: '粘贴服务器启动时打印的演示令牌（或 campaign users create 生成的令牌）。令牌保存在本浏览器中。',
  token: '令牌',
  badToken: '令牌无效',
  remember: '已保存在本浏览器',
  language: 'English',
  loading: '加载中…',
  retry: '重试',
  noCampaigns: '您的辖区暂无专项行动。',
  launched: '启动',
  period: '起止',
  status: '状态',
  running: '进行中',
  closed: '已结束',
  cancelled: '已撤销',
  open: '打开',
  dashboard: '态势',
  heatMap: '热力图',
  definition: '方案',
  timeline: '阶段时间轴',
  today: '今天',
  supervision: '督查窗口',
  distribution: '下级分布',
  byPhase: '按阶段',
  byHealth: '按状态',
  byLevel: '按层级',
  subtree: '辖区内实例',
  overdueInstances: '有逾期的实例',
  overdueItems: '逾期事项',
  tasks: '任务',
  tasksDone: '已完成任务',
  indicators: '指标',
  target: '目标值',
  value: '当前值',
  measured: '已填报',
  met: '达标',
  notMet: '未达标',
  noValue: '未填报',
  worst: '最需关注',
  overdue: '逾期',
  noOverdue: '暂无逾期事项。',
  children: '下级辖区',
  name: '名称',
  code: '代码',
  level: '层级',
  phase: '阶段',
  health: '状态',
  escalation: '督办',
  updated: '更新',
  instance: '实例',
  documents: '文书',
  docDate: '统计日期',
  docPreview: '预览',
  docWord: 'Word',
  docNumber: '编号',
  docNumberHelp: '分配发文字号（同一文书只分配一次）',
  docNumbered: '已分配发文字号：',
  docNumberedBefore: '此前已分配发文字号：',
  docPrint: '打印 / 存为 PDF',
  docClose: '关闭',
  docPlan: '实施方案',
  docLateBulletin: '信息报送情况通报',
  docResultsBulletin: '工作进展情况通报',
  docSummary: '工作总结（初稿）',
  docMatrix: '报送情况统计表',
  docNotice: '整改通知书',
  docSuspension: '停业整改通知书',
  exportCsv: '导出 CSV',
  exportXlsx: '导出 Excel',
  live: '实时',
  liveOff: '连接中断，重连中…',
  lastChange: '最新动态',
  filterAll: '全部',
  noChildren: '没有下级辖区。',
  ownInstance: '本级实例',
  actions: '可执行操作',
  noActions: '您在此实例当前没有可执行的操作。',
  diagram: '状态图',
  currentState: '当前状态',
  deadlines: '时限',
  dueAt: '截止时间',
  noDeadlines: '没有待到期的时限。',
  history: '历程',
  actor: '操作人',
  at: '时间',
  send: '提交',
  cancel: '取消',
  sent: '已提交',
  add: '添加',
  remove: '删除',
  required: '必填',
  choose: '请选择',
  yes: '是',
  no: '否',
  fixFields: '请修改标出的字段。',
  conflict: '实例已被他人更新，已重新加载，请确认后再提交。',
  leadingGroup: '领导小组',
  notFormed: '尚未成立',
  reports: '报送',
  filed: '已报送',
  late: '迟报',
  step: '督办步骤',
  onTimeRate: '按时率',
  waitingInstances: '已完成、等待下一阶段',
  standing: '进度',
  lateness: '按时与逾期',
  referrals: '下级报来事项',
  toActOn: '需上级督办的事项',
  item: '事项',
  since: '起始',
  findings: '检查发现的问题',
  reviews: '验收 / 复查',
  cases: '案件',
  major: '重大',
  closedAt: '结束于',
  opens: '阶段开始',
  rectificationDeadline: '整改期限',
  onTime: '按时',
  pending: '待处理',
  doneAt: '完成于',
  daysLate: '逾期天数',
  days: '天',
  waitingUntil: '本阶段工作已完成，等待进入',
  notStartedUntil: '行动尚未开始，等待进入',
  risks: '风险清单',
  units: '整改单位',
  checks: '整改清单',
  inspections: '督查次数',
  commendations: '表彰次数',
  rectifications: '整改通知',
  versions: '版本',
  version: '版本',
  latest: '最新',
  publishedAt: '发布时间',
  ownedBy: '归属',
  ownerRule: '仅该辖区及上级管理员可发布新版本；其他辖区可另存为新编号',
  publishedBy: '发布人',
  usedBy: '运行的专项行动',
  noUse: '暂无专项行动使用此方案。',
  edit: '编辑为新版本',
  newDefinition: '新建方案',
  editor: '方案编辑器',
  validate: '校验',
  valid: '校验通过',
  invalid: '个问题',
  jsonError: 'JSON 语法错误',
  preview: '状态图预览',
  publish: '发布新版本',
  published: '已发布',
  alreadyPublished: '内容与已发布的版本相同',
  onlyAdmin: '只有管理员可以发布。',
  tablesPhases: '阶段',
  tablesTasks: '任务',
  tablesIndicators: '指标',
  tablesReports: '报送',
  tablesGroup: '领导小组角色',
  window: '计划时间',
  exit: '结束条件',
  leadUnit: '牵头单位',
  cadence: '频次',
  filedBy: '报送层级',
  kind: '类型',
  role: '角色',
  heatLegend: '颜色越深，处于该状态的实例越多（本辖区内）。',
  heatCounts: '各阶段实例数',
  forbidden: '无权访问',
  notFound: '未找到',
  error: '出错了',
  back: '返回',
  you: '当前用户',
  minutes: '分钟前',
  justNow: '刚刚',
  launchDay: '启动日',
  month: '个月',
  day: '天',
  line: '行',
  noIssues: '没有问题。',
  campaignOf: '专项行动',
  total: '合计',
  overdueSince: '逾期自',
  openInstance: '打开实例 →',
  taskStarted: '进行中',
  taskOpen: '未完成',
  taskDone: '已完成',
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  app: 'Campaigns',
  appLong: 'Campaign Engine',
  campaigns: 'Campaigns',
  definitions: 'Definitions',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInTitle: 'Sign in with a token',
  signInHelp: 'Paste a demo token printed by the server at start (or one from campaign users create). The token is kept in this browser.',
  token: 'Token',
  badToken: 'The token is not valid',
  remember: 'kept in this browser',
  language: '中文',
  loading: 'Loading…',
  retry: 'Retry',
  noCampaigns: 'No campaign reaches your jurisdiction yet.',
  launched: 'Launched',
  period: 'Period',
  status: 'Status',
  running: 'running',
  closed: 'closed',
  cancelled: 'cancelled',
  open: 'Open',
  dashboard: 'Dashboard',
  heatMap: 'Heat map',
  definition: 'Definition',
  timeline: 'Phase timeline',
  today: 'Today',
  supervision: 'Supervision window',
  distribution: 'Distribution below',
  byPhase: 'By phase',
  byHealth: 'By health',
  byLevel: 'By level',
  subtree: 'Instances in the jurisdiction',
  overdueInstances: 'Instances with overdue items',
  overdueItems: 'Overdue items',
  tasks: 'Tasks',
  tasksDone: 'Tasks done',
  indicators: 'Indicators',
  target: 'Target',
  value: 'Value',
  measured: 'Reported by',
  met: 'met',
  notMet: 'not met',
  noValue: 'not reported',
  worst: 'Needs attention',
  overdue: 'Overdue',
  noOverdue: 'Nothing is overdue.',
  children: 'Jurisdictions below',
  name: 'Name',
  code: 'Code',
  level: 'Level',
  phase: 'Phase',
  health: 'Health',
  escalation: 'Escalation',
  updated: 'Updated',
  instance: 'Instance',
  documents: 'Documents',
  docDate: 'As of',
  docPreview: 'Preview',
  docWord: 'Word',
  docNumber: 'Number',
  docNumberHelp: 'Give the document its number (a document is numbered once)',
  docNumbered: 'Numbered: ',
  docNumberedBefore: 'Already numbered: ',
  docPrint: 'Print / save as PDF',
  docClose: 'Close',
  docPlan: 'Implementation plan',
  docLateBulletin: 'Bulletin on late filing',
  docResultsBulletin: 'Bulletin on progress',
  docSummary: 'Work summary (draft)',
  docMatrix: 'Report filing table',
  docNotice: 'Rectification notice',
  docSuspension: 'Suspend-business notice',
  exportCsv: 'Export CSV',
  exportXlsx: 'Export Excel',
  live: 'Live',
  liveOff: 'Disconnected, reconnecting…',
  lastChange: 'Latest change',
  filterAll: 'All',
  noChildren: 'No jurisdictions below.',
  ownInstance: "This level's instance",
  actions: 'What you can do',
  noActions: 'You have nothing to send to this instance now.',
  diagram: 'State diagram',
  currentState: 'Current state',
  deadlines: 'Deadlines',
  dueAt: 'Due',
  noDeadlines: 'No pending deadlines.',
  history: 'History',
  actor: 'Actor',
  at: 'Time',
  send: 'Send',
  cancel: 'Cancel',
  sent: 'Sent',
  add: 'Add',
  remove: 'Remove',
  required: 'required',
  choose: 'Choose…',
  yes: 'yes',
  no: 'no',
  fixFields: 'Please correct the marked fields.',
  conflict: 'Someone else changed this instance; it was reloaded. Check and send again.',
  leadingGroup: 'Leading group',
  notFormed: 'not formed yet',
  reports: 'Reports',
  filed: 'filed',
  late: 'late',
  step: 'step',
  onTimeRate: 'On time',
  waitingInstances: 'Done, waiting for the next phase',
  standing: 'Standing',
  lateness: 'On time and late',
  referrals: 'Referred from below',
  toActOn: 'For the level above to act on',
  item: 'Item',
  since: 'Since',
  findings: 'Findings of the inspection',
  reviews: 'Reviews',
  cases: 'Cases',
  major: 'major',
  closedAt: 'Closed',
  opens: 'Phase opens',
  rectificationDeadline: 'Rectification deadline',
  onTime: 'on time',
  pending: 'open',
  doneAt: 'done',
  daysLate: 'days late',
  days: ' d',
  waitingUntil: 'Work of this phase done; waiting to enter',
  notStartedUntil: 'Not started yet; waiting to enter',
  risks: 'Risk list',
  units: 'Units in scope',
  checks: 'Checklist',
  inspections: 'Inspections',
  commendations: 'Commendations',
  rectifications: 'Rectification notices',
  versions: 'Versions',
  version: 'Version',
  latest: 'latest',
  publishedAt: 'Published',
  ownedBy: 'Owned by',
  ownerRule: 'only admins there or above publish new versions; others copy it under a new id',
  publishedBy: 'By',
  usedBy: 'Campaigns running it',
  noUse: 'No campaign runs this definition.',
  edit: 'Edit as a new version',
  newDefinition: 'New definition',
  editor: 'Definition editor',
  validate: 'Validate',
  valid: 'Valid',
  invalid: 'problems',
  jsonError: 'JSON syntax error',
  preview: 'Diagram preview',
  publish: 'Publish a new version',
  published: 'Published',
  alreadyPublished: 'This content is already published',
  onlyAdmin: 'Only an admin may publish.',
  tablesPhases: 'Phases',
  tablesTasks: 'Tasks',
  tablesIndicators: 'Indicators',
  tablesReports: 'Reports',
  tablesGroup: 'Leading group roles',
  window: 'Planned window',
  exit: 'Exit conditions',
  leadUnit: 'Lead unit',
  cadence: 'Cadence',
  filedBy: 'Filed by',
  kind: 'Kind',
  role: 'Role',
  heatLegend: 'The darker a state, the more instances (in your jurisdiction) are in it.',
  heatCounts: 'Instances per phase',
  forbidden: 'Not allowed',
  notFound: 'Not found',
  error: 'Something went wrong',
  back: 'Back',
  you: 'Signed in as',
  minutes: 'min ago',
  justNow: 'just now',
  launchDay: 'launch',
  month: 'mo',
  day: 'd',
  line: 'line',
  noIssues: 'No problems.',
  campaignOf: 'Campaign',
  total: 'Total',
  overdueSince: 'overdue since',
  openInstance: 'Open the instance →',
  taskStarted: 'started',
  taskOpen: 'not done',
  taskDone: 'done',
};

const DICTS: Record<Lang, Record<Key, string>> = { zh, en };

let current: Lang = readLang();

function readLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function lang(): Lang {
  return current;
}

/** Switch the language (persisted); the app re-renders from its root. */
export function setLang(l: Lang): void {
  current = l;
  localStorage.setItem(LANG_KEY, l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}

/** A UI string in the current language. */
export function t(key: Key): string {
  return DICTS[current][key];
}

/** A bilingual text of the data ({ zh, en }) in the current language. */
export function tx(text: { zh: string; en: string } | undefined, fallback = ''): string {
  return text ? text[current] || text.zh || text.en : fallback;
}

// ---------------------------------------------------------------- vocabularies

// Levels, health and kinds are the shared vocabulary's (definitions/vocabulary.ts), so
// the dashboard says what the exports and the generated docs say.
export const LEVELS: Readonly<Record<string, { zh: string; en: string }>> = LEVEL_TITLES;
export const HEALTH: Readonly<Record<string, { zh: string; en: string }>> = HEALTH_TITLES;
export { HEALTH_ORDER };

/** Where an instance stands in its phases: the shared vocabulary's words. */
export const STANDING: Readonly<Record<string, { zh: string; en: string }>> = STANDING_TITLES;

/** Event types in words: the shared vocabulary's. */
export const EVENTS: Readonly<Record<string, { zh: string; en: string }>> = EVENT_TITLES;

/** Field labels of event forms, by property name. */
export const FIELDS: Record<string, { zh: string; en: string }> = {
  note: { zh: '说明', en: 'Note' },
  members: { zh: '成员', en: 'Members' },
  role: { zh: '角色', en: 'Role' },
  name: { zh: '姓名', en: 'Name' },
  unit: { zh: '单位', en: 'Unit' },
  report: { zh: '报送事项', en: 'Report' },
  period: { zh: '期次', en: 'Period' },
  summary: { zh: '内容摘要', en: 'Summary' },
  figures: { zh: '数据', en: 'Figures' },
  attachments: { zh: '附件', en: 'Attachments' },
  url: { zh: '链接', en: 'Link' },
  task: { zh: '任务', en: 'Task' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  indicator: { zh: '指标', en: 'Indicator' },
  value: { zh: '数值', en: 'Value' },
  numerator: { zh: '分子', en: 'Numerator' },
  denominator: { zh: '分母', en: 'Denominator' },
  findings: { zh: '发现的问题', en: 'Findings' },
  text: { zh: '问题描述', en: 'Finding' },
  openRectification: { zh: '下发整改通知', en: 'Open a rectification notice' },
  definition: { zh: '整改方案模板', en: 'Rectification definition' },
  result: { zh: '结论', en: 'Result' },
  reopen: { zh: '需重新整改的项', en: 'Items to redo' },
  item: { zh: '整改项', en: 'Item' },
  kind: { zh: '类别', en: 'Kind' },
  title: { zh: '名称', en: 'Title' },
  done: { zh: '已完成', en: 'Done' },
  risk: { zh: '风险编号', en: 'Risk id' },
  assignee: { zh: '责任人', en: 'Assignee' },
  reason: { zh: '原因', en: 'Reason' },
  occurredAt: { zh: '发生时间（不填为现在）', en: 'When it happened (default now)' },
  case: { zh: '案件编号', en: 'Case id' },
  major: { zh: '重大案件', en: 'Major case' },
  start: { zh: '整改开始日期', en: 'Rectification starts' },
  version: { zh: '模板版本', en: 'Definition version' },
};

export const ENUMS: Record<string, { zh: string; en: string }> = {
  pass: { zh: '通过', en: 'pass' },
  fail: { zh: '不通过', en: 'fail' },
};

export const ROLES: Readonly<Record<string, { zh: string; en: string }>> = ROLE_TITLES;

export const KINDS: Readonly<Record<string, { zh: string; en: string }>> = KIND_TITLES;

/** A vocabulary word in the current language, or the raw id. */
export function word(vocab: Readonly<Record<string, { zh: string; en: string }>>, id: string): string {
  const w = vocab[id];
  return w ? w[current] : id;
}

// ---------------------------------------------------------------- dates (Asia/Shanghai)

/** An instant from the API: ISO, or Postgres text (`2026-11-24 22:07:31.881+00`). */
export function parseInstant(s: string): Date {
  const iso = s.includes('T') ? s : s.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(iso);
}

export { shanghaiDate };

/** `2026-11-25 09:30` in Shanghai. */
export function dateTime(s: string | Date): string {
  const d = typeof s === 'string' ? parseInstant(s) : s;
  return Number.isNaN(d.getTime()) ? String(s) : shanghaiDateTime(d);
}

/** A calendar date (YYYY-MM-DD) as written in the current language. */
export function calendarDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return current === 'zh' ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** Days from `a` to `b` (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The server's clock offset, so "today" is the server's today (it may run a simulated clock). */
let clockOffsetMs = 0;
export function setServerTime(iso: string): void {
  const t = Date.parse(iso);
  if (!Number.isNaN(t)) clockOffsetMs = t - Date.now();
}
export function now(): Date {
  return new Date(Date.now() + clockOffsetMs);
}
