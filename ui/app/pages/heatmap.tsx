// The heat map: the campaign's definition diagram painted by how many of its instances
// (within the user's jurisdiction) are in each state, with the phase counts beside it.
import { api, data, definition } from '../api.js';
import { Card, Diagram, Loaded, useAsync } from '../components.js';
import { KINDS, t, tx, word } from '../i18n.js';
import { phaseOrder, phaseTitle } from '../model.js';
import { href } from '../router.js';
import { campaignMeta } from './dashboard.js';

const HEAT = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];

export function HeatmapPage({ id }: { id: number }) {
  const a = useAsync(async (signal) => {
    const campaign = await campaignMeta(id);
    const [def, rollup] = await Promise.all([
      definition(campaign.definitionId, campaign.definitionVersion),
      data(api.api.campaigns[':id'].rollup.$get({ param: { id: String(id) }, query: {} }, { init: { signal } })),
    ]);
    return { campaign, def: def.content, rollup };
  }, [id]);
  return (
    <Loaded a={a}>
      {({ campaign, def, rollup }) => {
        const url = `/api/definitions/${encodeURIComponent(campaign.definitionId)}/diagram?format=svg&campaign=${id}`;
        const order = phaseOrder(def).filter((p) => rollup.subtree.byPhase[p]);
        return (
          <div class="page">
            <div class="page-head">
              <div>
                <div class="kind">
                  {word(KINDS, campaign.kind)} · {rollup.focus.name}
                </div>
                <h1 class="page-title">
                  {t('heatMap')} · {tx(campaign.title)}
                </h1>
              </div>
              <div class="head-links">
                <a href={href({ page: 'dashboard', id })}>← {t('dashboard')}</a>
              </div>
            </div>
            <Card title={t('diagram')}>
              <p class="muted small">
                {t('heatLegend')}{' '}
                <span class="heat-legend">
                  {HEAT.map((c) => (
                    <span key={c} style={{ background: c }} />
                  ))}
                </span>
              </p>
              <div data-testid="heatmap">
                <Diagram url={url} label={`${t('heatMap')} ${tx(campaign.title)}`} />
              </div>
            </Card>
            <Card title={t('heatCounts')}>
              <table class="table">
                <tbody>
                  {order.map((p) => (
                    <tr key={p}>
                      <td>{phaseTitle(def, p)}</td>
                      <td class="num">{rollup.subtree.byPhase[p]}</td>
                    </tr>
                  ))}
                  <tr>
                    <th>{t('total')}</th>
                    <th class="num">{rollup.subtree.instances}</th>
                  </tr>
                </tbody>
              </table>
            </Card>
          </div>
        );
      }}
    </Loaded>
  );
}
