// Definitions: the list with versions and the campaigns running each; one version's
// diagram and tables (phases, tasks, indicators, reports, leading group).
import { DocumentsMenu } from '../documents.js';
import type { CampaignDefinition, DatePoint } from '../../../definitions/language/schema.js';
import { api, campaigns, data, definition, type Me } from '../api.js';
import { Card, Diagram, Loaded, useAsync } from '../components.js';
import { calendarDate, dateTime, KINDS, LEVELS, t, tx, word } from '../i18n.js';
import { phaseTitle, titleOf } from '../model.js';
import { href } from '../router.js';

export function DefinitionsPage({ me }: { me: Me }) {
  const a = useAsync(async () => {
    const [list, running] = await Promise.all([data(api.api.definitions.$get()), campaigns(true)]);
    return { items: list.items, running };
  }, [me.id]);
  return (
    <div class="page">
      <div class="page-head">
        <h1 class="page-title">{t('definitions')}</h1>
        {me.role === 'admin' && (
          <div class="head-links">
            <a class="button" href={href({ page: 'editor' })}>
              + {t('newDefinition')}
            </a>
          </div>
        )}
      </div>
      <Loaded a={a}>
        {({ items, running }) => (
          <Card>
            <div class="table-wrap">
              <table class="table" data-testid="definitions">
                <thead>
                  <tr>
                    <th>{t('name')}</th>
                    <th>{t('kind')}</th>
                    <th class="num">{t('versions')}</th>
                    <th>{t('publishedAt')}</th>
                    <th>{t('usedBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <a href={href({ page: 'definition', id: d.id })}>{tx(d.title)}</a>
                        <div class="muted tiny">{d.id}</div>
                      </td>
                      <td>{word(KINDS, d.kind)}</td>
                      <td class="num">{d.versions}</td>
                      <td class="nowrap">{dateTime(d.publishedAt)}</td>
                      <td>
                        {running
                          .filter((c) => c.definitionId === d.id)
                          .map((c) => (
                            <a key={c.id} class="tag" href={href({ page: 'dashboard', id: c.id })}>
                              #{c.id} {c.rootName} · v{c.definitionVersion}
                            </a>
                          ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        )}
      </Loaded>
    </div>
  );
}

export function DefinitionPage({ id, version, me }: { id: string; version: number | undefined; me: Me }) {
  const a = useAsync(async () => {
    const [view, running] = await Promise.all([definition(id, version), campaigns(true)]);
    return { view, running: running.filter((c) => c.definitionId === id) };
  }, [id, version, me.id]);
  return (
    <Loaded a={a}>
      {({ view, running }) => {
        const def = view.content;
        return (
          <div class="page">
            <div class="page-head">
              <div>
                <div class="kind">
                  {word(KINDS, def.kind)} · {view.id}
                </div>
                <h1 class="page-title">
                  {tx(def.title)} <span class="badge h-none">v{view.version}</span>
                </h1>
              </div>
              <div class="head-links">
                <a href={href({ page: 'definitions' })}>← {t('definitions')}</a>
                {me.role === 'admin' && (
                  <a class="button" href={href({ page: 'editor', from: view.id, version: view.version })} data-testid="edit">
                    {t('edit')}
                  </a>
                )}
              </div>
            </div>
            <DocumentsMenu items={[{ label: 'docPlan', path: `/api/definitions/${encodeURIComponent(view.id)}/documents/plan?version=${view.version}` }]} />
            <p class="muted" data-testid="owner">
              {t('ownedBy')}: {view.owner.name} ({view.owner.code}) · {t('ownerRule')}
            </p>
            <div class="grid2">
              <Card title={t('versions')}>
                <table class="table" data-testid="versions">
                  <thead>
                    <tr>
                      <th>{t('version')}</th>
                      <th>{t('publishedAt')}</th>
                      <th>{t('publishedBy')}</th>
                      <th>{t('usedBy')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...view.versions].reverse().map((v) => (
                      <tr key={v.version} class={v.version === view.version ? 'selected' : ''}>
                        <td>
                          <a href={href({ page: 'definition', id: view.id, version: v.version })}>v{v.version}</a>
                        </td>
                        <td class="nowrap">{dateTime(v.publishedAt)}</td>
                        <td>{v.publishedBy.replace(/#\d+$/, '')}</td>
                        <td>
                          {running
                            .filter((c) => c.definitionVersion === v.version)
                            .map((c) => (
                              <a key={c.id} class="tag" href={href({ page: 'dashboard', id: c.id })}>
                                #{c.id} {c.rootName}
                              </a>
                            ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {running.length === 0 && <p class="muted">{t('noUse')}</p>}
              </Card>
              <Card title={t('definition')}>
                <p class="desc">{tx(def.description)}</p>
                <p class="muted small">
                  {t('level')}: {def.levels.participating.map((l) => word(LEVELS, l)).join(' › ')}
                </p>
              </Card>
              <Card title={t('diagram')} class="span2">
                <Diagram url={`/api/definitions/${encodeURIComponent(view.id)}/diagram?format=svg&version=${view.version}`} label={tx(def.title)} />
              </Card>
            </div>
            <DefinitionTables def={def} />
          </div>
        );
      }}
    </Loaded>
  );
}

/** A date point as words: a fixed date, or an offset from launch. */
export function datePoint(p: DatePoint): string {
  if (typeof p === 'string') return calendarDate(p);
  const parts: string[] = [];
  if (p.months) parts.push(`${p.months > 0 ? '+' : '−'}${Math.abs(p.months)} ${t('month')}`);
  if (p.days) parts.push(`${p.days > 0 ? '+' : '−'}${Math.abs(p.days)} ${t('day')}`);
  return `${t('launchDay')}${parts.length ? ` ${parts.join(' ')}` : ''}`;
}

function cadence(r: CampaignDefinition['reports'][number], def: CampaignDefinition): string {
  const c = r.cadence as { kind: string; phase?: string; day?: number };
  const words: Record<string, [string, string]> = { monthly: ['每月', 'monthly'], quarterly: ['每季度', 'quarterly'], 'phase-end': ['阶段结束', 'at phase end'], once: ['一次', 'once'] };
  const w = words[c.kind];
  const base = w ? (t('day') === '天' ? w[0] : w[1]) : c.kind;
  if (c.phase) return `${base}: ${phaseTitle(def, c.phase)}`;
  if (c.day) return `${base} (${c.day})`;
  return base;
}

export function DefinitionTables({ def }: { def: CampaignDefinition }) {
  return (
    <div class="grid2 tables">
      <Card title={t('tablesPhases')} class="span2">
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{t('phase')}</th>
                <th>{t('window')}</th>
                <th>{t('exit')}</th>
              </tr>
            </thead>
            <tbody>
              {def.phases.map((p) => (
                <tr key={p.id}>
                  <td>
                    <b>{tx(p.title)}</b>
                    <div class="muted tiny">{p.id}</div>
                  </td>
                  <td class="nowrap">
                    {datePoint(p.window.start)} → {datePoint(p.window.end)}
                  </td>
                  <td class="small">{(p.exit ?? []).map((e) => e.kind).join(', ') || '—'}</td>
                </tr>
              ))}
              {def.supervision.windows.map((w) => (
                <tr key={w.id}>
                  <td>
                    {t('supervision')}: <b>{tx(w.title)}</b>
                  </td>
                  <td class="nowrap">
                    {datePoint(w.window.start)} → {datePoint(w.window.end)}
                  </td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {def.tasks.length > 0 && (
        <Card title={`${t('tablesTasks')} (${def.tasks.length})`} class="span2">
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>{t('tasks')}</th>
                  <th>{t('phase')}</th>
                  <th>{t('leadUnit')}</th>
                  <th>{t('level')}</th>
                </tr>
              </thead>
              <tbody>
                {def.tasks.map((x) => (
                  <tr key={x.id}>
                    <td class="wrap">{tx(x.title)}</td>
                    <td class="nowrap">{phaseTitle(def, x.phase)}</td>
                    <td>{x.leadUnit ? titleOf(def.units, x.leadUnit) : '—'}</td>
                    <td class="nowrap">{(x.levels ?? def.levels.participating).map((l) => word(LEVELS, l)).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      {def.indicators.length > 0 && (
        <Card title={t('tablesIndicators')}>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>{t('indicators')}</th>
                  <th>{t('target')}</th>
                </tr>
              </thead>
              <tbody>
                {def.indicators.map((x) => (
                  <tr key={x.id}>
                    <td class="wrap">{tx(x.title)}</td>
                    <td class="nowrap">
                      {x.target.op.replace('>=', '≥').replace('<=', '≤')} {'percent' in x.target ? `${x.target.percent}%` : String(x.target.value)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      {def.reports.length > 0 && (
        <Card title={t('tablesReports')}>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>{t('reports')}</th>
                  <th>{t('cadence')}</th>
                  <th>{t('filedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {def.reports.map((r) => (
                  <tr key={r.id}>
                    <td class="wrap">{tx(r.title)}</td>
                    <td>{cadence(r, def)}</td>
                    <td class="nowrap">{(r.filedBy ?? []).map((l) => word(LEVELS, l)).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      {def.leadingGroup && (
        <Card title={`${t('tablesGroup')} · ${tx(def.leadingGroup.title)}`}>
          <ul class="plain">
            {def.leadingGroup.roles.map((r) => (
              <li key={r.id}>
                {tx(r.title)} <span class="muted small">{r.id}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
