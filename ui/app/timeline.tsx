// The campaign's phase timeline: one bar per phase and per supervision window on the
// campaign's resolved dates, the focus's current phase marked, and today as a line.
import type { CampaignDefinition } from '../../definitions/language/schema.js';
import { calendarDate, daysBetween, lang, t, tx } from './i18n.js';

type Window = { start: string; end: string };
export type CampaignDates = { start: string; end: string; phases: Record<string, Window>; supervision: Record<string, Window> };

/** Month starts between two dates, thinned to at most ~8 ticks. */
function monthTicks(start: string, end: string): string[] {
  const ticks: string[] = [];
  let [y, m] = start.split('-').map(Number) as [number, number];
  m += 1;
  if (m > 12) {
    m = 1;
    y += 1;
  }
  for (;;) {
    const d = `${y}-${String(m).padStart(2, '0')}-01`;
    if (d > end) break;
    ticks.push(d);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  const step = Math.max(1, Math.ceil(ticks.length / 8));
  return ticks.filter((_, i) => i % step === 0);
}

export function Timeline({ def, dates, today, currentPhase }: { def: CampaignDefinition; dates: CampaignDates; today: string; currentPhase: string }) {
  const span = Math.max(1, daysBetween(dates.start, dates.end) + 1);
  const x = (date: string) => Math.min(100, Math.max(0, (100 * daysBetween(dates.start, date)) / span));
  const width = (w: Window) => Math.max(0.6, x(w.end) + 100 / span - x(w.start));
  const todayPos = (100 * daysBetween(dates.start, today)) / span;
  const todayIn = todayPos >= 0 && todayPos <= 100;
  const rows = [
    ...def.phases.map((p) => ({ id: p.id, title: tx(p.title), w: dates.phases[p.id], kind: 'phase' as const })),
    ...def.supervision.windows.map((s) => ({ id: s.id, title: tx(s.title), w: dates.supervision[s.id], kind: 'supervision' as const })),
  ];
  const fmt = (d: string) => (lang() === 'zh' ? `${Number(d.slice(0, 4))}.${Number(d.slice(5, 7))}` : d.slice(0, 7));
  return (
    <div class="timeline" data-testid="timeline">
      <div class="tl-axis">
        <span class="tl-label" />
        <span class="tl-track">
          {monthTicks(dates.start, dates.end).map((d) => (
            <span key={d} class="tl-tick" style={{ left: `${x(d)}%` }}>
              {fmt(d)}
            </span>
          ))}
        </span>
      </div>
      {rows.map((r) => {
        if (!r.w) return null;
        const state = r.w.end < today ? 'past' : r.w.start > today ? 'future' : 'now';
        const current = r.kind === 'phase' && r.id === currentPhase;
        const label = `${r.title}: ${calendarDate(r.w.start)} → ${calendarDate(r.w.end)}`;
        return (
          <div key={r.id} class={`tl-row ${r.kind}`} data-phase={r.id}>
            <span class="tl-label" title={label}>
              {r.kind === 'supervision' && <span class="tl-sup">{t('supervision')} · </span>}
              {r.title}
              {current && <span class="tl-current"> ◀</span>}
            </span>
            <span class="tl-track">
              <span class={`tl-bar ${r.kind} ${state} ${current ? 'current' : ''}`} style={{ left: `${x(r.w.start)}%`, width: `${width(r.w)}%` }} title={label}>
                <span class="tl-dates">
                  {fmt(r.w.start)}–{fmt(r.w.end)}
                </span>
              </span>
            </span>
          </div>
        );
      })}
      <span
        class={`tl-today ${todayIn ? '' : todayPos > 100 ? 'after' : 'before'}`}
        style={{ '--pos': String(Math.min(100, Math.max(0, todayPos)) / 100) }}
        data-testid="today"
      >
        <span class="tl-today-text">
          {todayPos < 0 ? '← ' : ''}
          {t('today')} {calendarDate(today)}
          {todayPos > 100 ? ' →' : ''}
        </span>
      </span>
    </div>
  );
}
