// Small shared pieces: async loading, problem display, health badges and bars, cards,
// export buttons and the server-drawn SVG diagrams.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, authFetch, download } from './api.js';
import { HEALTH, HEALTH_ORDER, t, tx, word } from './i18n.js';

export type Async<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => void };

/**
 * Run `load` when `deps` change. Data is kept while the same deps reload (`reload()`,
 * e.g. a live refresh, does not blank the page) but not across other deps (another page).
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Async<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ key: string; data: T | undefined; error: unknown; loading: boolean }>({ key, data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    const run = ++current.current;
    const abort = new AbortController();
    setState((s) => (s.key === key ? { ...s, loading: true } : { key, data: undefined, error: undefined, loading: true }));
    load(abort.signal).then(
      (data) => run === current.current && setState({ key, data, error: undefined, loading: false }),
      (error: unknown) => run === current.current && !abort.signal.aborted && setState((s) => ({ key, data: s.key === key ? s.data : undefined, error, loading: false })),
    );
    return () => abort.abort();
    // The caller names the dependencies (like useEffect's list); `load` itself changes every render.
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  if (state.key !== key) return { data: undefined, error: undefined, loading: true, reload };
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function Loading() {
  return (
    <div class="loading" role="status">
      {t('loading')}
    </div>
  );
}

/** A problem from the API, said plainly: forbidden and not-found get their own headings. */
export function ProblemView({ error, retry }: { error: unknown; retry?: () => void }) {
  const p = error instanceof ApiProblem ? error : undefined;
  const heading = p?.status === 403 ? t('forbidden') : p?.status === 404 ? t('notFound') : t('error');
  return (
    <div class={`problem ${p?.status === 403 ? 'forbidden' : ''}`} role="alert" data-problem={p?.code ?? 'error'}>
      <strong>{heading}</strong>
      {p && p.reasons.length > 0 ? (
        <ul class="reasons" data-testid="reasons">
          {p.reasons.map((r, i) => (
            <li key={i} data-code={r.code}>
              {tx(r.message)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{p ? (p.said ? tx(p.said) : p.detail) : error instanceof Error ? error.message : String(error)}</p>
      )}
      {retry && p?.status !== 403 && p?.status !== 404 && (
        <button type="button" onClick={retry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

/** Render `children(data)` once loaded; the problem otherwise. */
export function Loaded<T>({ a, children }: { a: Async<T>; children: (data: T) => ComponentChildren }) {
  if (a.data !== undefined) return <>{children(a.data)}</>;
  if (a.error !== undefined) return <ProblemView error={a.error} retry={a.reload} />;
  return <Loading />;
}

export function HealthBadge({ health }: { health: string }) {
  return <span class={`badge h-${health}`}>{word(HEALTH, health)}</span>;
}

/** A stacked bar of counts by health, worst first, with the counts as its title. */
export function HealthBar({ counts, total }: { counts: Record<string, number>; total?: number }) {
  const sum = total ?? Object.values(counts).reduce((a, b) => a + b, 0);
  if (sum === 0) return <div class="hbar empty" />;
  const title = HEALTH_ORDER.filter((h) => counts[h]).map((h) => `${word(HEALTH, h)} ${counts[h]}`).join(' · ');
  return (
    <div class="hbar" title={title} aria-label={title}>
      {HEALTH_ORDER.map((h) => {
        const n = counts[h] ?? 0;
        return n > 0 ? <span key={h} class={`h-${h}`} style={{ width: `${(100 * n) / sum}%` }} /> : null;
      })}
    </div>
  );
}

export function Card({ title, actions, children, class: cls }: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren; class?: string }) {
  return (
    <section class={`card ${cls ?? ''}`}>
      {(title !== undefined || actions !== undefined) && (
        <header class="card-head">
          {title !== undefined && <h2>{title}</h2>}
          {actions !== undefined && <div class="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

/** CSV and XLSX downloads of a campaign's roll-up under one jurisdiction. */
export function ExportButtons({ campaignId, code }: { campaignId: number; code: string }) {
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const get = (ext: 'csv' | 'xlsx') => {
    setBusy(ext);
    setError(undefined);
    download(`/api/campaigns/${campaignId}/export.${ext}?code=${code}`, `campaign-${campaignId}-${code}.${ext}`).then(
      () => setBusy(undefined),
      (e: unknown) => (setBusy(undefined), setError(e)),
    );
  };
  return (
    <span class="exports">
      <button type="button" class="small" data-export="csv" disabled={busy !== undefined} onClick={() => get('csv')}>
        {t('exportCsv')}
      </button>
      <button type="button" class="small" data-export="xlsx" disabled={busy !== undefined} onClick={() => get('xlsx')}>
        {t('exportXlsx')}
      </button>
      {error !== undefined && <span class="error-text">{error instanceof Error ? error.message : t('error')}</span>}
    </span>
  );
}

/** An SVG document from the server, parsed and stripped of anything active before it is shown. */
export function cleanSvg(text: string): SVGSVGElement | undefined {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') return undefined;
  svg.querySelectorAll('script, foreignObject').forEach((n) => n.remove());
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name) || (/href$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value))) el.removeAttribute(attr.name);
    }
  }
  return document.importNode(svg, true) as unknown as SVGSVGElement;
}

/** Show an SVG element; `fit` scales it to the width, otherwise it scrolls at its natural size. */
export function SvgView({ svg, label }: { svg: SVGSVGElement; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(true);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.replaceChildren(svg);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  }, [svg, label]);
  return (
    <div class="diagram-wrap">
      <button type="button" class="small zoom" onClick={() => setFit(!fit)} title="zoom">
        {fit ? '1:1' : '⤢'}
      </button>
      <div class={`diagram ${fit ? 'fit' : ''}`} ref={box} />
    </div>
  );
}

/** A diagram fetched from the API (its URL needs the token, so no <img>). */
export function Diagram({ url, label }: { url: string; label: string }) {
  const a = useAsync(async (signal) => {
    const res = await authFetch(url, { signal });
    const svg = cleanSvg(await res.text());
    if (!svg) throw new Error('not an SVG');
    return svg;
  }, [url]);
  return <Loaded a={a}>{(svg) => <SvgView svg={svg} label={label} />}</Loaded>;
}

/** A whole-number percentage bar. */
export function Progress({ done, total }: { done: number; total: number }) {
  const pct = total === 0 ? 0 : Math.round((100 * done) / total);
  return (
    <span class="progress" title={`${done} / ${total}`}>
      <span class="progress-bar">
        <span style={{ width: `${pct}%` }} />
      </span>
      <span class="progress-text">
        {done}/{total}
      </span>
    </span>
  );
}
