// The campaign dashboard at one jurisdiction: timeline, distribution below, indicators,
// overdue and worst children, the children table to drill down, live over SSE.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CampaignDefinition } from '../../../definitions/language/schema.js';
import { api, campaigns, data, definition, type Campaign, type ChildRollup, type Jurisdiction, type Me, type Rollup } from '../api.js';
import { campaignDocuments, DocumentsMenu } from '../documents.js';
import { Card, ExportButtons, HealthBadge, HealthBar, Loaded, Progress, ProblemView, useAsync } from '../components.js';
import { calendarDate, dateTime, EVENTS, HEALTH, HEALTH_ORDER, KINDS, LEVELS, now, shanghaiDate, t, tx, word } from '../i18n.js';
import { useLive, type Change } from '../live.js';
import { escalationTitle, hasChildren, indicatorText, phaseOrder, phaseTitle, targetText } from '../model.js';
import { href } from '../router.js';
import { Timeline } from '../timeline.js';

/** The campaign as the user sees it: from the cached list, or the API's own answer (403/404). */
export async function campaignMeta(id: number): Promise<Campaign> {
  const found = (await campaigns()).find((c) => c.id === id) ?? (await campaigns(true)).find((c) => c.id === id);
  if (found) return found;
  return (await data(api.api.campaigns[':id'].$get({ param: { id: String(id) } }))).campaign;
}

type Frame = { campaign: Campaign; def: CampaignDefinition; crumbs: Jurisdiction[] };

export function DashboardPage({ id, code, me }: { id: number; code: string | undefined; me: Me }) {
  const frame = useAsync(async (): Promise<Frame> => {
    const campaign = await campaignMeta(id);
    const at = code ?? campaign.focusCode;
    const [def, ancestors] = await Promise.all([
      definition(campaign.definitionId, campaign.definitionVersion),
      data(api.api.jurisdictions[':code'].ancestors.$get({ param: { code: at } })).then((r) => r.items),
    ]);
    // Breadcrumbs start where the user sees the campaign from.
    const top = ancestors.findIndex((j) => j.code === campaign.focusCode);
    return { campaign, def: def.content, crumbs: top >= 0 ? ancestors.slice(top) : ancestors.slice(-1) };
  }, [id, code, me.id]);

  const rollup = useAsync(
    (signal) => data(api.api.campaigns[':id'].rollup.$get({ param: { id: String(id) }, query: code ? { code } : {} }, { init: { signal } })),
    [id, code, me.id],
  );

  // Live: reload the roll-up shortly after changes arrive; at most one reload every
  // 1.5 s, so a province whose timers fire by the thousand is not reloaded per batch.
  const [flash, setFlash] = useState<Set<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastReload = useRef(0);
  const onChanges = (changes: Change[]) => {
    const focus = code ?? frame.data?.campaign.focusCode ?? '';
    const mine = changes.filter((c) => c.code.startsWith(focus));
    if (mine.length === 0) return;
    setFlash(new Set(mine.map((c) => c.code)));
    if (timer.current !== undefined) return; // one is scheduled: it will see these too
    const wait = Math.max(300, 1500 - (Date.now() - lastReload.current));
    timer.current = setTimeout(() => {
      timer.current = undefined;
      lastReload.current = Date.now();
      rollup.reload();
    }, wait);
  };
  const { live, last } = useLive(id, onChanges);
  useEffect(() => () => clearTimeout(timer.current), []);

  const error = rollup.error ?? frame.error;
  if (error !== undefined && (rollup.data === undefined || frame.data === undefined))
    return (
      <div class="page">
        <ProblemView error={error} retry={() => (frame.reload(), rollup.reload())} />
      </div>
    );
  return (
    <Loaded a={frame}>
      {(f) => (
        <div class="page dashboard" data-focus={rollup.data?.focus.code ?? ''}>
          <CampaignHeader f={f} live={live} last={last} />
          <Breadcrumbs campaignId={id} crumbs={f.crumbs} />
          <Loaded a={rollup}>{(r) => <RollupView f={f} r={r} flash={flash} />}</Loaded>
        </div>
      )}
    </Loaded>
  );
}

function CampaignHeader({ f, live, last }: { f: Frame; live: boolean; last: Change | undefined }) {
  const c = f.campaign;
  return (
    <div class="page-head">
      <div>
        <div class="kind">
          {word(KINDS, c.kind)} · {c.rootName} · {calendarDate(c.dates.start)} → {calendarDate(c.dates.end)}
        </div>
        <h1 class="page-title">{tx(c.title)}</h1>
      </div>
      <div class="head-links">
        <span class={`live ${live ? 'on' : 'off'}`} data-testid="live" title={last ? `${t('lastChange')}: ${last.code} ${word(EVENTS, last.type)} ${dateTime(last.at)}` : ''}>
          <span class="dot" /> {live ? t('live') : t('liveOff')}
        </span>
        <a href={href({ page: 'heatmap', id: c.id })}>{t('heatMap')}</a>
        <a href={href({ page: 'definition', id: c.definitionId, version: c.definitionVersion })}>
          {t('definition')} v{c.definitionVersion}
        </a>
      </div>
    </div>
  );
}

function Breadcrumbs({ campaignId, crumbs }: { campaignId: number; crumbs: Jurisdiction[] }) {
  return (
    <nav class="crumbs" aria-label="breadcrumbs" data-testid="crumbs">
      {crumbs.map((j, i) => (
        <span key={j.code}>
          {i > 0 && <span class="sep">›</span>}
          {i < crumbs.length - 1 ? (
            <a href={href({ page: 'dashboard', id: campaignId, code: j.code })} data-code={j.code}>
              {j.name}
            </a>
          ) : (
            <strong data-code={j.code}>{j.name}</strong>
          )}
        </span>
      ))}
    </nav>
  );
}

function RollupView({ f, r, flash }: { f: Frame; r: Rollup; flash: Set<string> }) {
  const def = f.def;
  const today = shanghaiDate(now());
  const s = r.subtree;
  const leaf = !hasChildren(def, r.focus.level);
  return (
    <>
      <div class="kpis">
        <Kpi label={t('subtree')} value={s.instances} />
        <Kpi label={t('overdueInstances')} value={s.overdue} tone={s.overdue > 0 ? 'bad' : 'good'} testid="kpi-overdue" />
        <Kpi label={t('overdueItems')} value={s.overdueItems} tone={s.overdueItems > 0 ? 'bad' : 'good'} />
        <Kpi label={t('tasksDone')} value={`${s.tasksDone} / ${s.tasksTotal}`} testid="kpi-tasks">
          <Progress done={s.tasksDone} total={s.tasksTotal} />
        </Kpi>
      </div>

      <div class="grid2">
        <Card title={t('timeline')} class="span2">
          <Timeline def={def} dates={f.campaign.dates} today={today} currentPhase={r.focus.phase} />
        </Card>

        <Card title={`${t('ownInstance')} · ${r.focus.name}`}>
          <dl class="facts">
            <dt>{t('phase')}</dt>
            <dd>{phaseTitle(def, r.focus.phase)}</dd>
            <dt>{t('health')}</dt>
            <dd>
              <HealthBadge health={r.focus.health} />
            </dd>
            <dt>{t('escalation')}</dt>
            <dd>{escalationTitle(def, r.focus.escalation)}</dd>
            <dt>{t('overdueItems')}</dt>
            <dd>{r.focus.overdueCount}</dd>
            <dt>{t('tasks')}</dt>
            <dd>
              <Progress done={r.focus.tasksDone} total={r.focus.tasksTotal} />
            </dd>
            <dt>{t('updated')}</dt>
            <dd>{dateTime(r.focus.updatedAt)}</dd>
          </dl>
          <a class="button" href={href({ page: 'instance', id: r.focus.instanceId })} data-testid="own-instance">
            {t('openInstance')}
          </a>
        </Card>

        {!leaf && (
          <Card title={t('distribution')}>
            <Distribution def={def} r={r} />
          </Card>
        )}

        <Card title={t('indicators')} class={leaf ? '' : 'span2'}>
          <Indicators r={r} />
        </Card>

        {!leaf && (
          <Card title={t('worst')}>
            <Worst f={f} r={r} />
          </Card>
        )}

        <Card title={`${t('overdue')} (${r.overdue.length})`}>
          <Overdue def={def} r={r} />
        </Card>
      </div>

      {!leaf && (
        <Card title={`${t('children')} · ${word(LEVELS, r.children[0]?.level ?? '')}`} actions={<ExportButtons campaignId={r.campaignId} code={r.focus.code} />}>
          <Children f={f} r={r} flash={flash} />
        </Card>
      )}
      {leaf && (
        <div class="export-row">
          <ExportButtons campaignId={r.campaignId} code={r.focus.code} />
        </div>
      )}
      <DocumentsMenu key={`${r.campaignId}-${r.focus.code}`} items={campaignDocuments(r.campaignId, r.focus.code)} withDate />
    </>
  );
}

function Kpi({ label, value, tone, testid, children }: { label: string; value: string | number; tone?: 'good' | 'bad'; testid?: string; children?: ComponentChildren }) {
  return (
    <div class={`kpi ${tone ?? ''}`} data-testid={testid}>
      <div class="kpi-value">{value}</div>
      <div class="kpi-label">{label}</div>
      {children}
    </div>
  );
}

const PHASE_COLORS = ['#1e3a8a', '#1d4ed8', '#3b82f6', '#60a5fa', '#93c5fd', '#bfdbfe', '#dbeafe'];

/** Per level below the focus: a bar by phase and a bar by health. */
function Distribution({ def, r }: { def: CampaignDefinition; r: Rollup }) {
  const order = phaseOrder(def);
  const levels = Object.keys(r.byLevel).filter((l) => l !== r.focus.level);
  const color = (p: string) => (p === def.final.id ? '#64748b' : p === 'cancelled' ? '#cbd5e1' : PHASE_COLORS[Math.max(0, order.indexOf(p)) % PHASE_COLORS.length]!);
  return (
    <div class="dist">
      {levels.map((level) => {
        const a = r.byLevel[level]!;
        const phases = order.filter((p) => (a.byPhase[p] ?? 0) > 0);
        return (
          <div key={level} class="dist-level" data-level={level}>
            <div class="dist-head">
              <strong>{word(LEVELS, level)}</strong> <span class="muted">{a.instances}</span>
            </div>
            <div class="dist-label">{t('byPhase')}</div>
            <div class="pbar">
              {phases.map((p) => (
                <span key={p} style={{ width: `${(100 * (a.byPhase[p] ?? 0)) / a.instances}%`, background: color(p) }} title={`${phaseTitle(def, p)} ${a.byPhase[p]}`} />
              ))}
            </div>
            <ul class="legend">
              {phases.map((p) => (
                <li key={p}>
                  <span class="swatch" style={{ background: color(p) }} /> {phaseTitle(def, p)} <b>{a.byPhase[p]}</b>
                </li>
              ))}
            </ul>
            <div class="dist-label">{t('byHealth')}</div>
            <HealthBar counts={a.byHealth} />
            <ul class="legend">
              {HEALTH_ORDER.filter((h) => a.byHealth[h]).map((h) => (
                <li key={h} data-health={h}>
                  <span class={`swatch h-${h}`} /> {word(HEALTH, h)} <b>{a.byHealth[h]}</b>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

function Indicators({ r }: { r: Rollup }) {
  if (r.indicators.length === 0) return <p class="muted">—</p>;
  return (
    <div class="table-wrap">
      <table class="table indicators" data-testid="indicators">
        <thead>
          <tr>
            <th>{t('indicators')}</th>
            <th>{t('target')}</th>
            <th>{t('value')}</th>
            <th class="num">{t('measured')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {r.indicators.map((ind) => (
            <tr key={ind.id} data-indicator={ind.id}>
              <td class="wrap">{tx(ind.title)}</td>
              <td class="nowrap">{targetText(ind.target)}</td>
              <td class="nowrap">
                {ind.kind === 'ratio' && ind.percent !== null && (
                  <span class="ratio-bar">
                    <span style={{ width: `${Math.min(100, ind.percent)}%` }} />
                  </span>
                )}
                {indicatorText(ind.value, ind.percent)}
              </td>
              <td class="num">{ind.measured}</td>
              <td>{ind.value === null ? <span class="badge h-none">{t('noValue')}</span> : <span class={`badge ${ind.met ? 'h-green' : 'h-red'}`}>{ind.met ? t('met') : t('notMet')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A child's dashboard (a township's shows its own instance and links to it). */
function childHref(_f: Frame, campaignId: number, c: { code: string }): string {
  return href({ page: 'dashboard', id: campaignId, code: c.code });
}

function Worst({ f, r }: { f: Frame; r: Rollup }) {
  if (r.worst.length === 0) return <p class="muted">—</p>;
  return (
    <ol class="worst" data-testid="worst">
      {r.worst.map((c) => (
        <li key={c.code}>
          <a href={childHref(f, r.campaignId, c)}>{c.name}</a>
          <HealthBar counts={c.subtree.byHealth} />
          <span class="muted small">
            {word(HEALTH, 'red')} {c.subtree.byHealth.red ?? 0} · {word(HEALTH, 'yellow')} {c.subtree.byHealth.yellow ?? 0} · {t('overdueItems')} {c.subtree.overdueItems}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Overdue({ def, r }: { def: CampaignDefinition; r: Rollup }) {
  if (r.overdue.length === 0) return <p class="muted">{t('noOverdue')}</p>;
  return (
    <div class="table-wrap short">
      <table class="table" data-testid="overdue">
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('level')}</th>
            <th class="num">{t('overdueItems')}</th>
            <th>{t('escalation')}</th>
          </tr>
        </thead>
        <tbody>
          {r.overdue.map((n) => (
            <tr key={n.code}>
              <td>
                <a href={href({ page: 'instance', id: n.instanceId })}>{n.name}</a>
              </td>
              <td>{word(LEVELS, n.level)}</td>
              <td class="num">{n.overdueCount}</td>
              <td class="nowrap">{escalationTitle(def, n.escalation)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type SortKey = 'code' | 'name' | 'health' | 'overdue' | 'progress';

function score(c: ChildRollup, key: SortKey): number | string {
  const a = c.subtree;
  if (key === 'name') return c.name;
  if (key === 'code') return c.code;
  if (key === 'overdue') return -a.overdueItems;
  if (key === 'progress') return a.tasksTotal === 0 ? 1 : a.tasksDone / a.tasksTotal;
  return -((a.byHealth.red ?? 0) * 1e6 + (a.byHealth.yellow ?? 0) * 1e3 + a.overdueItems);
}

function Children({ f, r, flash }: { f: Frame; r: Rollup; flash: Set<string> }) {
  const [sort, setSort] = useState<SortKey>('code');
  const [health, setHealth] = useState<string | undefined>(undefined);
  const rows = useMemo(() => {
    const list = health ? r.children.filter((c) => c.health === health) : [...r.children];
    return list.sort((a, b) => {
      const x = score(a, sort);
      const y = score(b, sort);
      return x < y ? -1 : x > y ? 1 : a.code < b.code ? -1 : 1;
    });
  }, [r, sort, health]);
  if (r.children.length === 0) return <p class="muted">{t('noChildren')}</p>;
  const counts: Record<string, number> = {};
  for (const c of r.children) counts[c.health] = (counts[c.health] ?? 0) + 1;
  const th = (key: SortKey, label: string, cls = '') => (
    <th class={`sortable ${cls} ${sort === key ? 'sorted' : ''}`} onClick={() => setSort(key)} aria-sort={sort === key ? 'ascending' : 'none'}>
      {label}
    </th>
  );
  return (
    <>
      <div class="chips" role="group">
        <button type="button" class={`chip ${health === undefined ? 'on' : ''}`} onClick={() => setHealth(undefined)}>
          {t('filterAll')} {r.children.length}
        </button>
        {HEALTH_ORDER.filter((h) => counts[h]).map((h) => (
          <button key={h} type="button" class={`chip ${health === h ? 'on' : ''}`} onClick={() => setHealth(health === h ? undefined : h)}>
            <span class={`swatch h-${h}`} /> {word(HEALTH, h)} {counts[h]}
          </button>
        ))}
      </div>
      <div class="table-wrap">
        <table class="table children" data-testid="children">
          <thead>
            <tr>
              {th('name', t('name'))}
              <th>{t('phase')}</th>
              {th('health', t('health'))}
              <th class="hide-sm">{t('subtree')}</th>
              {th('overdue', t('overdueItems'), 'num')}
              {th('progress', t('tasks'))}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.code} data-code={c.code} class={[...flash].some((code) => code.startsWith(c.code)) ? 'flash' : ''}>
                <td>
                  <a href={childHref(f, r.campaignId, c)} data-drill={c.code}>
                    {c.name}
                  </a>
                  <div class="muted tiny">{c.code}</div>
                </td>
                <td class="nowrap">{phaseTitle(f.def, c.phase)}</td>
                <td>
                  <HealthBadge health={c.health} />
                </td>
                <td class="hide-sm">
                  <HealthBar counts={c.subtree.byHealth} />
                </td>
                <td class="num">{c.subtree.overdueItems}</td>
                <td>
                  <Progress done={c.subtree.tasksDone} total={c.subtree.tasksTotal} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

