// One jurisdiction's instance: its state diagram (current states highlighted), the events
// the user may send now as buttons opening generated forms, deadlines, what it holds
// (leading group, tasks, reports, indicators, risks, checklist) and its history.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CampaignDefinition } from '../../../definitions/language/schema.js';
import { campaignDocuments, DocumentsMenu, noticeDocuments } from '../documents.js';
import { api, ApiProblem, authFetch, data, definition, openapiDoc, randomKey, type HistoryItem, type Instance, type Jurisdiction, type Me } from '../api.js';
import { Card, Diagram, HealthBadge, Loaded, Progress, ProblemView, useAsync } from '../components.js';
import { dateTime, ENUMS, EVENTS, KINDS, LEVELS, STANDING, t, tx, word } from '../i18n.js';
import { useLive } from '../live.js';
import { deadlineTitle, escalationTitle, indicatorText, phaseTitle, titleOf, type IndicatorValue } from '../model.js';
import { href } from '../router.js';
import { cleanValue, initialValue, SchemaForm, type Hints, type Issue, type Json, type Schema } from '../schema-form.js';
import { campaignMeta } from './dashboard.js';

type Loaded = { inst: Instance; def: CampaignDefinition; defId: string; defVersion: number; crumbs: Jurisdiction[]; campaignTitle: string; focusCode: string };

export function InstancePage({ id, me }: { id: number; me: Me }) {
  const a = useAsync(async (signal): Promise<Loaded> => {
    const inst = await data(api.api.instances[':id'].$get({ param: { id: String(id) } }, { init: { signal } }));
    const campaign = await campaignMeta(inst.campaignId);
    const [def, ancestors] = await Promise.all([
      definition(campaign.definitionId, campaign.definitionVersion),
      data(api.api.jurisdictions[':code'].ancestors.$get({ param: { code: inst.code } })).then((r) => r.items),
    ]);
    const top = ancestors.findIndex((j) => j.code === campaign.focusCode);
    return {
      inst,
      def: def.content,
      defId: campaign.definitionId,
      defVersion: campaign.definitionVersion,
      crumbs: top >= 0 ? ancestors.slice(top) : ancestors.slice(-1),
      campaignTitle: tx(campaign.title),
      focusCode: campaign.focusCode,
    };
  }, [id, me.id]);
  const history = useAsync(async (signal) => {
    const items: HistoryItem[] = [];
    let after = 0;
    for (;;) {
      const page = await data(api.api.instances[':id'].history.$get({ param: { id: String(id) }, query: { after: String(after), limit: '500' } }, { init: { signal } }));
      items.push(...page.items);
      if (page.next === null || items.length >= 5000) return items;
      after = page.next;
    }
  }, [id, me.id]);
  const [diagramTick, setDiagramTick] = useState(0);

  const refresh = () => {
    a.reload();
    history.reload();
    setDiagramTick((n) => n + 1);
  };
  useLive(a.data?.inst.campaignId, (changes) => {
    if (changes.some((c) => c.instanceId === id)) refresh();
  });

  return (
    <Loaded a={a}>
      {(l) => (
        <div class="page instance" data-instance={l.inst.id} data-version={l.inst.version}>
          <div class="page-head">
            <div>
              <div class="kind">
                {l.campaignTitle} · {word(LEVELS, l.inst.level)} · {l.inst.code}
              </div>
              <h1 class="page-title">
                {l.inst.name} <HealthBadge health={l.inst.summary.health} />
              </h1>
            </div>
            <div class="head-links">
              <a href={href({ page: 'dashboard', id: l.inst.campaignId, code: l.inst.code })}>← {t('dashboard')}</a>
            </div>
          </div>
          <nav class="crumbs" data-testid="crumbs">
            {l.crumbs.map((j, i) => (
              <span key={j.code}>
                {i > 0 && <span class="sep">›</span>}
                <a href={href({ page: 'dashboard', id: l.inst.campaignId, code: j.code })}>{j.name}</a>
              </span>
            ))}
          </nav>

          <DocumentsMenu items={l.def.rectification ? [...noticeDocuments(l.inst.id), ...campaignDocuments(l.inst.campaignId, l.inst.code).filter((d) => d.label === 'docPlan')] : campaignDocuments(l.inst.campaignId, l.inst.code)} withDate={!l.def.rectification} />

          <Actions l={l} onSent={refresh} />

          <div class="grid2">
            <Card title={t('currentState')}>
              <Summary l={l} />
            </Card>
            <Card title={t('deadlines')}>
              <Deadlines l={l} />
            </Card>
            <Card title={t('diagram')} class="span2">
              <Diagram key={`${l.inst.version}-${diagramTick}`} url={`/api/definitions/${encodeURIComponent(l.defId)}/diagram?format=svg&instance=${l.inst.id}`} label={`${t('diagram')} ${l.inst.name}`} />
            </Card>
            <Holdings l={l} />
            <Card title={t('history')} class="span2">
              <Loaded a={history}>{(items) => <History items={items} def={l.def} />}</Loaded>
            </Card>
          </div>
        </div>
      )}
    </Loaded>
  );
}

function Summary({ l }: { l: Loaded }) {
  const s = l.inst.summary;
  return (
    <dl class="facts">
      <dt>{t('phase')}</dt>
      <dd data-testid="phase">{phaseTitle(l.def, s.phase)}</dd>
      <dt>{t('health')}</dt>
      <dd>
        <HealthBadge health={s.health} />
      </dd>
      <dt>{t('standing')}</dt>
      <dd data-testid="standing">
        {word(STANDING, s.standing)}
        {s.waitingUntil && <span class="muted small"> · {s.waitingUntil}</span>}
      </dd>
      <dt>{t('overdueItems')}</dt>
      <dd>{s.overdueCount}</dd>
      <dt>{t('lateness')}</dt>
      <dd data-testid="lateness">
        {t('onTime')} {s.onTimeCount} · {t('late')} {s.lateCount} · {t('daysLate')} {s.daysLate}
      </dd>
      <dt>{t('tasks')}</dt>
      <dd data-testid="tasks">
        <Progress done={s.tasksDone} total={s.tasksTotal} />
      </dd>
      <dt>{t('reports')}</dt>
      <dd>{s.reportsFiled}</dd>
      <dt>{t('inspections')}</dt>
      <dd>{l.inst.inspections}</dd>
      <dt>{t('commendations')}</dt>
      <dd>{l.inst.commendations}</dd>
      <dt>{t('version')}</dt>
      <dd>{l.inst.version}</dd>
      <dt>{t('updated')}</dt>
      <dd>{dateTime(l.inst.updatedAt)}</dd>
    </dl>
  );
}

function Deadlines({ l }: { l: Loaded }) {
  // Everything that fell due, with how late, and what climbs a ladder: the reason behind any colour.
  const record = l.inst.record;
  const pending = l.inst.deadlines.filter((d) => d.status === 'pending');
  const tone = { overdue: 'h-red', late: 'h-yellow', 'on-time': 'h-green', open: 'h-red' } as const;
  const label = { overdue: t('overdue'), late: t('late'), 'on-time': t('onTime'), open: t('pending') } as const;
  return (
    <>
      {l.inst.waitingFor && (
        <p class="notice" data-testid="waiting">
          {l.inst.summary.standing === 'not-started' ? t('notStartedUntil') : t('waitingUntil')} {phaseTitle(l.def, l.inst.waitingFor)} · {l.inst.summary.waitingUntil}
        </p>
      )}
      {record.length > 0 && (
        <ul class="overdue-list" data-testid="record-items">
          {record.map((r) => (
            <li key={r.key} data-status={r.status}>
              <span class={`badge ${tone[r.status]}`}>{label[r.status]}</span> {tx(r.title)}{' '}
              <span class="muted small">
                {r.dueAt && `${t('dueAt')} ${dateTime(r.dueAt)}`}
                {r.doneAt && ` · ${t('doneAt')} ${dateTime(r.doneAt)}`}
                {r.daysLate ? ` · ${t('daysLate')} ${r.daysLate}` : ''}
                {r.escalation && r.escalation.step >= 0 && r.escalation.stepTitle && ` · ${tx(r.escalation.stepTitle)}`}
                {!r.escalation && r.maxStepTitle && ` · ${tx(r.maxStepTitle)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {pending.length === 0 ? (
        <p class="muted">{t('noDeadlines')}</p>
      ) : (
        <div class="table-wrap short">
          <table class="table" data-testid="deadlines">
            <thead>
              <tr>
                <th>{t('deadlines')}</th>
                <th>{t('dueAt')}</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((d) => (
                <tr key={d.key}>
                  <td>{deadlineTitle(l.def, d.key)}</td>
                  <td class="nowrap">{dateTime(d.dueAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** What the instance holds: leading group, tasks, reports, indicators, and for notices units and checklist, risks. */
function Holdings({ l }: { l: Loaded }) {
  const i = l.inst;
  const def = l.def;
  // Every task of this level, done or not, so the list and its count agree.
  const tasks = def.tasks.filter((x) => !x.levels || x.levels.includes(i.level)).map((task) => ({ task, state: i.tasks[task.id] }));
  const reports = Object.entries(i.reports);
  const indicators = Object.entries(i.indicators);
  const risks = Object.entries(i.risks);
  const units = Object.entries(i.units);
  return (
    <>
      <Card title={t('leadingGroup')}>
        {i.leadingGroup ? (
          <ul class="plain">
            {i.leadingGroup.members.map((m, n) => (
              <li key={n}>
                <span class="muted">{titleOf(def.leadingGroup?.roles, m.role)}</span> {m.name}
                {m.unit && <span class="muted small"> · {titleOf(def.units, m.unit)}</span>}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('notFormed')}</p>
        )}
      </Card>
      <Card title={`${t('tasks')} (${tasks.filter((x) => x.state?.status === 'done').length} / ${tasks.length})`}>
        {tasks.length === 0 ? (
          <p class="muted">—</p>
        ) : (
          <ul class="plain" data-testid="task-list">
            {tasks.map(({ task, state }) => (
              <li key={task.id} data-status={state?.status ?? 'open'}>
                <span class={`badge ${state?.status === 'done' ? 'h-green' : state ? 'h-yellow' : 'h-none'}`}>
                  {state?.status === 'done' ? t('taskDone') : state ? t('taskStarted') : t('taskOpen')}
                </span>{' '}
                {tx(task.title)}
                {state && <span class="muted small"> · {dateTime(state.at)}</span>}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {(reports.length > 0 || indicators.length > 0) && (
        <Card title={`${t('reports')} / ${t('indicators')}`}>
          <ul class="plain">
            {reports.map(([key, r]) => (
              <li key={key}>
                <span class={`badge ${r.daysLate > 0 ? 'h-yellow' : 'h-green'}`}>{r.daysLate > 0 ? `${t('late')} ${r.daysLate}${t('days')}` : t('filed')}</span> {deadlineTitle(def, key)}{' '}
                <span class="muted small">{dateTime(r.filedAt)}</span>
              </li>
            ))}
            {indicators.map(([key, v]) => (
              <li key={key}>
                <span class="muted">{titleOf(def.indicators, key)}</span> <b>{indicatorText(v)}</b>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {units.length > 0 && (
        <Card title={t('units')}>
          <ul class="plain">
            {units.map(([id, u]) => {
              const items = def.rectification?.checklists.find((c) => c.kind === u.kind)?.items ?? [];
              const done = items.filter((it) => i.checks[`${id}/${it.id}`]).length;
              return (
                <li key={id}>
                  {u.title} <span class="muted small">({word(KINDS, u.kind)})</span> <Progress done={done} total={items.length} />
                  <span class="muted tiny">
                    {' '}
                    · {t('dueAt')} {dateTime(u.dueAt)}
                  </span>
                </li>
              );
            })}
          </ul>
        </Card>
      )}
      {i.findings.length > 0 && (
        <Card title={t('findings')}>
          <ol class="plain" data-testid="findings">
            {i.findings.map((f, n) => (
              <li key={n}>
                {f.text}
                {f.unit && <span class="muted small"> · {i.units[f.unit]?.title ?? f.unit}</span>}
              </li>
            ))}
          </ol>
        </Card>
      )}
      {i.reviews.length > 0 && (
        <Card title={t('reviews')}>
          <ul class="plain" data-testid="reviews">
            {i.reviews.map((r, n) => (
              <li key={n}>
                <span class={`badge ${r.result === 'pass' ? 'h-green' : 'h-red'}`}>{word(ENUMS, r.result)}</span> {dateTime(r.at)}
                {r.findings.length > 0 && <span class="muted small"> · {r.findings.map((f) => f.text).join('；')}</span>}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {i.referrals.length > 0 && (
        <Card title={t('referrals')}>
          <ul class="plain" data-testid="referrals">
            {i.referrals.map((r, n) => {
              const ref = r as { at: string; from: { code: string; instanceId: number }; unitTitle: string; itemText?: string };
              return (
                <li key={n}>
                  <a href={href({ page: 'instance', id: ref.from.instanceId })}>{ref.from.code}</a> · {ref.unitTitle}
                  {ref.itemText && <span class="muted small"> · {ref.itemText}</span>} <span class="muted small">· {dateTime(ref.at)}</span>
                </li>
              );
            })}
          </ul>
        </Card>
      )}
      {Object.keys(i.cases).length > 0 && (
        <Card title={t('cases')}>
          <ul class="plain" data-testid="cases">
            {Object.entries(i.cases).map(([id, c]) => (
              <li key={id}>
                {c.major && <span class="badge h-red">{t('major')}</span>} {c.title} <span class="muted small">· {dateTime(c.openedAt)}</span>
                {c.closedAt && <span class="muted small"> · {t('closedAt')} {dateTime(c.closedAt)}</span>}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {risks.length > 0 && (
        <Card title={t('risks')}>
          <ul class="plain">
            {risks.map(([id, r]) => (
              <li key={id}>
                {r.title} <span class="muted small">· {r.assignee} · {def.riskList?.stages[r.stage] ?? r.stage}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}

function payloadText(def: CampaignDefinition, item: HistoryItem): string {
  const p = item.payload as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof p.task === 'string') parts.push(titleOf(def.tasks, p.task));
  if (typeof p.report === 'string') parts.push(`${titleOf(def.reports, p.report)}${typeof p.period === 'string' && p.period !== 'once' ? ` ${p.period}` : ''}`);
  if (typeof p.indicator === 'string') parts.push(`${titleOf(def.indicators, p.indicator)} = ${indicatorText(p.value as IndicatorValue)}`);
  if (typeof p.phase === 'string') parts.push(phaseTitle(def, p.phase));
  if (typeof p.key === 'string') parts.push(`${deadlineTitle(def, p.key)} → ${escalationTitle(def, Number(p.step))}`);
  if (typeof p.window === 'string') parts.push(titleOf(def.supervision.windows, p.window));
  if (Array.isArray(p.findings)) parts.push((p.findings as { text: string }[]).map((f) => f.text).join('；'));
  if (typeof p.result === 'string') parts.push(p.result);
  if (Array.isArray(p.members)) parts.push((p.members as { name: string }[]).map((m) => m.name).join('、'));
  for (const k of ['title', 'summary', 'note', 'reason'] as const) if (typeof p[k] === 'string' && p[k]) parts.push(String(p[k]));
  return parts.join(' · ');
}

function History({ items, def }: { items: HistoryItem[]; def: CampaignDefinition }) {
  const [all, setAll] = useState(false);
  const newest = [...items].reverse();
  const shown = all ? newest : newest.slice(0, 50);
  if (items.length === 0) return <p class="muted">—</p>;
  return (
    <>
      <ol class="history" data-testid="history">
        {shown.map((e) => (
          <li key={e.seq} class={e.actor.startsWith('system') ? 'system' : 'human'}>
            <span class="h-dot" />
            <div class="h-body">
              <div>
                <strong>{word(EVENTS, e.type)}</strong> <span class="muted small">#{e.seq}</span>
              </div>
              <div class="small">{payloadText(def, e)}</div>
              <div class="muted small">
                {dateTime(e.at)} · {e.actor.startsWith('system') ? '系统 system' : e.actor.replace(/#\d+$/, '')}
              </div>
            </div>
          </li>
        ))}
      </ol>
      {!all && newest.length > shown.length && (
        <button type="button" class="small" onClick={() => setAll(true)}>
          + {newest.length - shown.length}
        </button>
      )}
    </>
  );
}

// ---------------------------------------------------------------- events

function Actions({ l, onSent }: { l: Loaded; onSent: () => void }) {
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const permitted = l.inst.permitted;
  return (
    <Card title={t('actions')} class="actions-card">
      {permitted.length === 0 ? (
        <p class="muted">{t('noActions')}</p>
      ) : (
        <div class="event-buttons" data-testid="events">
          {permitted.map((type) => (
            <button key={type} type="button" class={open === type ? 'primary' : ''} data-event={type} onClick={() => (setNotice(undefined), setOpen(open === type ? undefined : type))}>
              {word(EVENTS, type)}
            </button>
          ))}
        </div>
      )}
      {notice && (
        <p class="notice" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      {open && (
        <EventForm
          key={`${open}-${l.inst.id}`}
          type={open}
          l={l}
          onCancel={() => setOpen(undefined)}
          onStale={onSent}
          onSent={(msg) => {
            setOpen(undefined);
            setNotice(msg);
            onSent();
          }}
        />
      )}
    </Card>
  );
}

/** Choices for the ids an event names, from the definition and the instance. */
function hintsFor(l: Loaded, type: string, rectificationDefs: { id: string; title: string }[]): Hints {
  const { def, inst } = l;
  const level = inst.level;
  const at = (levels: readonly string[] | undefined) => !levels || levels.includes(level);
  return (path, root) => {
    const name = path[path.length - 1];
    const inMembers = path[0] === 'members';
    if (name === 'task') {
      const phase = inst.summary.phase;
      const tasks = def.tasks.filter((x) => at(x.levels));
      const sorted = [...tasks.filter((x) => x.phase === phase), ...tasks.filter((x) => x.phase !== phase)];
      return { options: sorted.map((x) => ({ value: x.id, label: `${tx(x.title)}${x.phase === phase ? '' : ` (${phaseTitle(def, x.phase)})`}${inst.tasks[x.id]?.status === 'done' ? ' ✓' : ''}` })) };
    }
    if (name === 'report' && path.length === 1) return { options: def.reports.filter((r) => at(r.filedBy)).map((r) => ({ value: r.id, label: tx(r.title) })) };
    if (name === 'period' && path.length === 1) {
      const report = root !== null && typeof root === 'object' && !Array.isArray(root) ? root.report : undefined;
      const periods = new Set<string>();
      for (const key of [...inst.record.filter((r) => r.status === 'overdue').map((r) => r.key), ...inst.deadlines.map((d) => d.key)]) {
        const m = /^report:([^@]+)@(.+)$/.exec(key);
        if (m && m[1] === report && !inst.reports[`${m[1]}@${m[2]}`]) periods.add(m[2]!);
      }
      return { suggestions: [...periods] };
    }
    if (name === 'indicator') return { options: def.indicators.filter((x) => at(x.levels)).map((x) => ({ value: x.id, label: tx(x.title) })) };
    if (name === 'value' && path.length === 1 && type === 'RECORD_INDICATOR') {
      const id = root !== null && typeof root === 'object' && !Array.isArray(root) ? root.indicator : undefined;
      const ind = def.indicators.find((x) => x.id === id);
      if (!ind) return undefined;
      return { variant: ind.kind === 'yes-no' ? 0 : ind.kind === 'count' ? 1 : 2 };
    }
    if (name === 'role' && inMembers) return { options: (def.leadingGroup?.roles ?? []).map((r) => ({ value: r.id, label: tx(r.title) })) };
    if (name === 'unit' && inMembers) return { options: def.units.map((u) => ({ value: u.id, label: tx(u.title) })) };
    if (name === 'unit' && type !== 'ADD_UNIT') return { options: Object.entries(inst.units).map(([id, u]) => ({ value: id, label: u.title })) };
    if (name === 'item') {
      const item = path.length > 1 ? path.slice(0, -1) : [];
      const obj = item.reduce<Json | undefined>((v, p) => (v !== null && typeof v === 'object' ? (v as Record<string, Json>)[p as string] : undefined), root);
      const unit = obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? obj.unit : undefined;
      const kind = typeof unit === 'string' ? inst.units[unit]?.kind : undefined;
      const lists = def.rectification?.checklists.filter((c) => kind === undefined || c.kind === kind) ?? [];
      return { options: lists.flatMap((c) => c.items.map((it) => ({ value: it.id, label: `${tx(it.text)}${typeof unit === 'string' && inst.checks[`${unit}/${it.id}`] ? ' ✓' : ''}` }))) };
    }
    if (name === 'kind' && type === 'ADD_UNIT') return { options: (def.rectification?.scope ?? []).map((s) => ({ value: s.kind, label: tx(s.title) })) };
    if (name === 'risk' && type === 'ADVANCE_RISK') return { options: Object.entries(inst.risks).map(([id, r]) => ({ value: id, label: r.title })) };
    if (name === 'definition') return { options: rectificationDefs.map((d) => ({ value: d.id, label: d.title })) };
    return undefined;
  };
}

function EventForm({ type, l, onCancel, onSent, onStale }: { type: string; l: Loaded; onCancel: () => void; onSent: (message: string) => void; onStale: () => void }) {
  const schemaA = useAsync(async () => {
    const doc = await openapiDoc();
    const schema = doc.components?.schemas?.[`${type}Event`] as Schema | undefined;
    if (!schema) throw new Error(`no schema for ${type} in /api/openapi.json`);
    const defs = type === 'INSPECT' ? await data(api.api.definitions.$get()).then((r) => r.items.filter((d) => d.kind === 'rectification-notice').map((d) => ({ id: d.id, title: tx(d.title) }))) : [];
    return { schema, defs };
  }, [type]);
  const [value, setValue] = useState<Json>({});
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const key = useRef(randomKey());
  useEffect(() => {
    if (schemaA.data) setValue(initialValue(schemaA.data.schema) ?? {});
  }, [schemaA.data]);
  const hints = useMemo(() => (schemaA.data ? hintsFor(l, type, schemaA.data.defs) : () => undefined), [l, type, schemaA.data]);

  // RECORD_INDICATOR: a new indicator resets the value to that indicator's kind.
  const change = (next: Json) => {
    const prev = value as Record<string, Json>;
    const n = next as Record<string, Json>;
    if (type === 'RECORD_INDICATOR' && schemaA.data && prev.indicator !== n.indicator) {
      const ind = l.def.indicators.find((x) => x.id === n.indicator);
      next = { ...n, value: ind?.kind === 'yes-no' ? false : ind?.kind === 'count' ? 0 : { numerator: 0, denominator: 1 } };
    }
    setValue(next);
  };

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setIssues([]);
    setError(undefined);
    try {
      const body = { ...((cleanValue(value) as Record<string, Json> | undefined) ?? {}), type };
      await authFetch(`/api/instances/${l.inst.id}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'if-match': `"${l.inst.version}"`, 'idempotency-key': key.current },
        body: JSON.stringify(body),
      });
      onSent(`${t('sent')}: ${word(EVENTS, type)}`);
    } catch (err) {
      // A refused request applied nothing: the next try is a new request with a new key.
      if (err instanceof ApiProblem && err.status >= 400 && err.status < 500) key.current = randomKey();
      if (err instanceof ApiProblem && err.issues.length > 0) setIssues(err.issues);
      else if (err instanceof ApiProblem && err.code === 'version_conflict') {
        // Keep what was typed; reload the instance so the next send carries its new version.
        setError(new ApiProblem(err.status, err.code, t('conflict')));
        onStale();
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="event-form" onSubmit={(e) => void submit(e)} data-form={type} noValidate>
      <h3>{word(EVENTS, type)}</h3>
      <Loaded a={schemaA}>
        {({ schema }) => (
          <>
            <SchemaForm schema={schema} value={value} onChange={change} issues={issues} hints={hints} idPrefix={type} />
            {issues.length > 0 && (
              <p class="form-errors" role="alert" data-testid="fix-fields">
                {t('fixFields')}
              </p>
            )}
            {error !== undefined && <ProblemView error={error} />}
            <div class="form-buttons">
              <button type="submit" class="primary" disabled={busy} data-submit={type}>
                {t('send')}
              </button>
              <button type="button" class="ghost" onClick={onCancel}>
                {t('cancel')}
              </button>
            </div>
          </>
        )}
      </Loaded>
    </form>
  );
}

