// The state graph of a compiled campaign machine, read from its state nodes, as the
// one model that the Mermaid and DOT renderers draw (so both show the same thing).
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { CampaignDefinition, DatePoint, Text } from '../language/schema.js';

/** What a state is in the campaign: drawn differently by the renderers. */
export type DiagramStateRole = 'root' | 'running' | 'region' | 'phase' | 'state' | 'final' | 'cancelled';

export type DiagramState = {
  /** The XState state node id, e.g. `campaign.running.phase.mobilization`. */
  id: string;
  /** The id without the machine's own id: `running.phase.mobilization`. */
  path: string;
  key: string;
  type: AnyStateNode['type'];
  role: DiagramStateRole;
  /** Chinese and English, or the bare key where the engine has no title for it. */
  title: { zh?: string; en: string };
  /** A second line: a phase's planned window. */
  detail?: string;
  /** Events handled in this state without leaving it, in the order the machine lists them. */
  internal: string[];
  /** The id of the child entered first; absent for parallel and atomic states. */
  initial?: string;
  children: DiagramState[];
};

export type DiagramEdge = {
  source: string;
  target: string;
  /** The event type; empty for an eventless (`always`) transition. */
  event: string;
  /** A readable name of the guard, when the transition has one. */
  guard?: string;
};

export type StateGraph = {
  root: DiagramState;
  /** Every transition that changes state, in document order of its source. */
  edges: DiagramEdge[];
  /** Every state by id, root included. */
  states: Map<string, DiagramState>;
};

/**
 * Titles of the states the compiler builds for every campaign, by path. Phases and
 * the final state carry their own titles in `meta`; escalation steps take theirs
 * from the definition. A state not listed here is drawn with its key, so a state the
 * compiler adds later still shows up.
 */
const FIXED_TITLES: Record<string, Text> = {
  running: { zh: '进行中', en: 'running' },
  cancelled: { zh: '已取消', en: 'cancelled' },
  'running.phase': { zh: '阶段', en: 'phases' },
  'running.leadingGroup': { zh: '领导小组', en: 'leading group' },
  'running.leadingGroup.forming': { zh: '组建中', en: 'forming' },
  'running.leadingGroup.formed': { zh: '已成立', en: 'formed' },
  'running.tasks': { zh: '任务', en: 'tasks' },
  'running.tasks.open': { zh: '未完成', en: 'open' },
  'running.tasks.done': { zh: '全部完成', en: 'all done' },
  'running.reporting': { zh: '信息报送', en: 'reporting' },
  'running.reporting.onTime': { zh: '按时', en: 'on time' },
  'running.reporting.overdue': { zh: '逾期', en: 'overdue' },
  'running.supervision': { zh: '督查督办', en: 'supervision' },
  'running.supervision.windows': { zh: '督查窗口', en: 'inspection windows' },
  'running.supervision.windows.closed': { zh: '窗口外', en: 'outside a window' },
  'running.supervision.windows.open': { zh: '督查中', en: 'inspecting' },
  'running.supervision.escalation': { zh: '逾期督办', en: 'escalation' },
  'running.supervision.escalation.clear': { zh: '无逾期', en: 'clear' },
  'running.supervision.escalation.attention': { zh: '有逾期', en: 'overdue' },
  'running.supervision.escalation.escalated': { zh: '已督办升级', en: 'escalated' },
  'running.checklists': { zh: '整改清单', en: 'checklists' },
  'running.checklists.open': { zh: '整改中', en: 'rectifying' },
  'running.checklists.complete': { zh: '全部整改', en: 'complete' },
  'running.risks': { zh: '风险清单', en: 'risk list' },
  'running.risks.allClosed': { zh: '全部销号', en: 'all closed' },
  'running.risks.open': { zh: '待销号', en: 'open risks' },
};


function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && typeof (value as Text).zh === 'string' && typeof (value as Text).en === 'string';
}

/** A fixed date as written, an offset as `launch +1 mo −1 d`. */
export function formatDatePoint(point: DatePoint): string {
  if (typeof point === 'string') return point;
  const parts: string[] = [];
  if (point.months) parts.push(`${point.months > 0 ? '+' : '−'}${Math.abs(point.months)} mo`);
  if (point.days) parts.push(`${point.days > 0 ? '+' : '−'}${Math.abs(point.days)} d`);
  return parts.length ? `launch ${parts.join(' ')}` : 'launch';
}

/** A phase's window, e.g. `2025-02-01 → 2025-02-28`. */
export function formatWindow(window: CampaignDefinition['phases'][number]['window']): string {
  return `${formatDatePoint(window.start)} → ${formatDatePoint(window.end)}`;
}

/** The compiler's guards in words, Chinese first: what must hold for the transition. */
export const GUARD_WORDS: Record<string, Text> = {
  readyNextOpen: { zh: '条件满足', en: 'conditions hold' },
  readyNextLater: { zh: '条件满足，下一阶段未开始', en: 'conditions hold, next not open yet' },
  passNextOpen: { zh: '验收通过', en: 'passed' },
  passNextLater: { zh: '验收通过，下一阶段未开始', en: 'passed, next not open yet' },
  fails: { zh: '不通过', en: 'failed' },
  windowOpens: { zh: '窗口开启', en: 'its window opens' },
  startedAtLaunch: { zh: '发起时已开始', en: 'open at launch' },
  allTasksDone: { zh: '任务全部完成', en: 'every task done' },
  someReportOverdue: { zh: '有报送逾期', en: 'a report overdue' },
  noReportOverdue: { zh: '无报送逾期', en: 'no report overdue' },
  checklistsComplete: { zh: '清单全部完成', en: 'every item done' },
  checklistsOpen: { zh: '清单有未完成项', en: 'an item open' },
  risksOpen: { zh: '有未销号风险', en: 'a risk open' },
  risksAllClosed: { zh: '风险全部销号', en: 'every risk closed' },
  nothingOverdue: { zh: '无逾期', en: 'nothing overdue' },
  overdueNotEscalated: { zh: '有逾期，未升级', en: 'overdue, not escalated' },
  escalated: { zh: '已升级督办', en: 'escalated' },
  windowKnown: { zh: '督查窗口', en: 'an inspection window' },
  fits: { zh: '内容有效', en: 'valid' },
};

/** A guard's label: its words where the compiler names them, else its name. */
function guardName(guard: unknown): string | undefined {
  if (guard === undefined) return undefined;
  const type = typeof guard === 'string' ? guard : typeof guard === 'object' && guard !== null && 'type' in guard && typeof guard.type === 'string' ? guard.type : undefined;
  if (type === undefined) return 'guard';
  const words = GUARD_WORDS[type];
  return words ? `${words.zh} ${words.en}` : type;
}

function roleOf(node: AnyStateNode, phaseRegion: AnyStateNode | undefined): DiagramStateRole {
  const meta: unknown = node.meta;
  const kind = typeof meta === 'object' && meta !== null && 'kind' in meta ? meta.kind : undefined;
  if (kind === 'phase') return 'phase';
  if (kind === 'waiting') return 'state';
  if (kind === 'final') return 'final';
  if (kind === 'cancelled') return 'cancelled';
  if (!node.parent) return 'root';
  if (!node.parent.parent) return node.type === 'final' ? 'final' : 'running';
  if (node.parent.type === 'parallel') return 'region';
  return node.parent === phaseRegion ? 'phase' : 'state';
}

/** Read the machine's state nodes into a graph; the definition supplies titles the machine lacks. */
export function toStateGraph(definition: CampaignDefinition, machine: AnyStateMachine): StateGraph {
  const states = new Map<string, DiagramState>();
  const edges: DiagramEdge[] = [];
  const rootId = machine.root.id;
  const phaseRegion = Object.values(machine.root.states)
    .flatMap((s) => Object.values(s.states))
    .find((s) => s.key === 'phase');
  const phaseWindows = new Map(definition.phases.map((p) => [p.id, p.window]));

  function titleOf(node: AnyStateNode, path: string, role: DiagramStateRole): DiagramState['title'] {
    const meta: unknown = node.meta;
    const metaTitle = typeof meta === 'object' && meta !== null && 'title' in meta ? meta.title : undefined;
    if (isText(metaTitle)) return metaTitle;
    if (role === 'root') return { zh: definition.title.zh, en: definition.title.en };
    return FIXED_TITLES[path] ?? { en: node.key };
  }

  function visit(node: AnyStateNode): DiagramState {
    const path = node.path.join('.');
    const role = roleOf(node, phaseRegion);
    const internal: string[] = [];
    for (const [event, transitions] of node.transitions) {
      const guarded = transitions.some((t) => t.guard !== undefined);
      for (const t of transitions) {
        if (!t.target || t.target.length === 0) {
          if (!internal.includes(event)) internal.push(event);
          continue;
        }
        for (const target of t.target) {
          const guard = guardName(t.guard) ?? (guarded ? 'else' : undefined);
          edges.push({ source: node.id, target: target.id, event, ...(guard ? { guard } : {}) });
        }
      }
    }
    for (const t of node.always ?? []) {
      const guard = guardName(t.guard);
      for (const target of t.target ?? []) edges.push({ source: node.id, target: target.id, event: '', ...(guard ? { guard } : {}) });
    }
    const window = role === 'phase' ? phaseWindows.get(node.key) : undefined;
    const initial = node.type === 'compound' ? node.initial.target[0]?.id : undefined;
    const children = Object.values(node.states).map(visit);
    const state: DiagramState = {
      id: node.id,
      path: path || rootId,
      key: node.key,
      type: node.type,
      role,
      title: titleOf(node, path, role),
      ...(window ? { detail: formatWindow(window) } : {}),
      internal,
      ...(initial ? { initial } : {}),
      children,
    };
    states.set(node.id, state);
    return state;
  }

  const root = visit(machine.root);
  return { root, edges, states };
}

/** `动员部署 mobilization`: Chinese first, English beside it. */
export function stateTitle(state: DiagramState): string {
  return state.title.zh ? `${state.title.zh} ${state.title.en}` : state.title.en;
}
