// The signed-in user's campaigns: one card each, with its roll-up at the user's focus.
import { api, campaigns, data, type Campaign, type Me } from '../api.js';
import { Card, HealthBar, Loaded, Progress, useAsync } from '../components.js';
import { calendarDate, KINDS, parseInstant, shanghaiDate, t, tx, word } from '../i18n.js';
import { href } from '../router.js';

export function HomePage({ me }: { me: Me }) {
  const list = useAsync(() => campaigns(true), [me.id]);
  return (
    <div class="page">
      <h1 class="page-title">
        {t('campaigns')} <span class="muted">· {me.jurisdiction.name}</span>
      </h1>
      <Loaded a={list}>
        {(items) =>
          items.length === 0 ? (
            <p class="muted">{t('noCampaigns')}</p>
          ) : (
            <div class="campaign-grid">
              {items.map((c) => (
                <CampaignCard key={c.id} c={c} />
              ))}
            </div>
          )
        }
      </Loaded>
    </div>
  );
}

function CampaignCard({ c }: { c: Campaign }) {
  const r = useAsync((signal) => data(api.api.campaigns[':id'].rollup.$get({ param: { id: String(c.id) }, query: {} }, { init: { signal } })), [c.id]);
  return (
    <Card class="campaign-card">
      <a class="campaign-link" href={href({ page: 'dashboard', id: c.id })} data-campaign={c.id}>
        <span class="kind">{word(KINDS, c.kind)}</span>
        <strong>{tx(c.title)}</strong>
      </a>
      <div class="muted small">
        {c.rootName} · {calendarDate(c.dates.start)} → {calendarDate(c.dates.end)} · {t(c.status === 'running' ? 'running' : c.status === 'closed' ? 'closed' : 'cancelled')}
        {c.closedAt && ` ${calendarDate(shanghaiDate(parseInstant(c.closedAt)))}`}
      </div>
      <Loaded a={r}>
        {(rollup) => (
          <div class="mini">
            <HealthBar counts={rollup.subtree.byHealth} />
            <div class="mini-row">
              <span>
                {t('subtree')} <b>{rollup.subtree.instances}</b>
              </span>
              <span>
                {t('overdueInstances')} <b>{rollup.subtree.overdue}</b>
              </span>
              <span>
                {t('tasks')} <Progress done={rollup.subtree.tasksDone} total={rollup.subtree.tasksTotal} />
              </span>
            </div>
          </div>
        )}
      </Loaded>
      <div class="card-links">
        <a href={href({ page: 'dashboard', id: c.id })}>{t('dashboard')}</a>
        <a href={href({ page: 'heatmap', id: c.id })}>{t('heatMap')}</a>
        <a href={href({ page: 'definition', id: c.definitionId, version: c.definitionVersion })}>
          {t('definition')} v{c.definitionVersion}
        </a>
      </div>
    </Card>
  );
}
