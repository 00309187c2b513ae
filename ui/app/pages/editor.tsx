// The definition editor: JSON text with live validation (syntax here, the rules on the
// server), each issue on its line, a live diagram preview, and publishing a new version.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiProblem, authFetch, data, definition, type Me } from '../api.js';
import { Card, cleanSvg, Loaded, ProblemView, SvgView, useAsync } from '../components.js';
import { t } from '../i18n.js';
import { locate, syntaxErrorPosition, valueOffsets, type Position } from '../json-locate.js';
import { href, navigate } from '../router.js';

const TEMPLATE = {
  id: 'new-campaign',
  kind: 'other',
  title: { zh: '新的专项行动', en: 'A new campaign' },
  description: { zh: '说明', en: 'What it is for' },
  levels: { participating: ['county', 'township'], launchedBy: 'county' },
  phases: [
    { id: 'mobilization', title: { zh: '动员部署', en: 'Mobilization' }, window: { start: { days: 0 }, end: { months: 1, days: -1 } } },
    { id: 'implementation', title: { zh: '组织实施', en: 'Implementation' }, window: { start: { months: 1 }, end: { months: 3, days: -1 } } },
  ],
  final: { id: 'done', title: { zh: '完成', en: 'Done' } },
};

// Keys in the order a person writes a definition (JSONB hands them back sorted by length).
const KEY_ORDER = ['$schema', 'id', 'kind', 'title', 'text', 'description', 'levels', 'participating', 'launchedBy', 'dayCount', 'units', 'phases', 'final', 'leadingGroup', 'roles', 'taskGroups', 'tasks', 'indicators', 'reports', 'supervision', 'windows', 'escalation', 'rectification', 'scope', 'checklists', 'riskList', 'permissions', 'zh', 'en', 'window', 'start', 'end', 'exit'];

/** A copy with object keys in KEY_ORDER, others after them in their order. */
export function writerOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(writerOrder);
  if (value === null || typeof value !== 'object') return value;
  const rank = (k: string) => {
    const i = KEY_ORDER.indexOf(k);
    return i < 0 ? KEY_ORDER.length : i;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((k) => [k, writerOrder((value as Record<string, unknown>)[k])]));
}

type Located = { path: (string | number)[]; message: string; at: Position | undefined };
type Check = { state: 'idle' | 'checking' | 'valid' | 'invalid' | 'syntax'; issues: Located[] };

export function EditorPage({ from, version, me }: { from: string | undefined; version: number | undefined; me: Me }) {
  const source = useAsync(async () => {
    if (!from) return JSON.stringify(TEMPLATE, null, 2);
    const v = await definition(from, version);
    return JSON.stringify(writerOrder(v.content), null, 2);
  }, [from, version]);
  return <Loaded a={source}>{(text) => <Editor key={`${from}@${version}`} initial={text} me={me} />}</Loaded>;
}

function Editor({ initial, me }: { initial: string; me: Me }) {
  const [text, setText] = useState(initial);
  const [check, setCheck] = useState<Check>({ state: 'idle', issues: [] });
  const [preview, setPreview] = useState<SVGSVGElement | undefined>(undefined);
  const [publishError, setPublishError] = useState<unknown>(undefined);
  const [published, setPublished] = useState<string | undefined>(undefined);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const run = useRef(0);

  // Validate 400 ms after the last keystroke; a newer run wins over an older one.
  useEffect(() => {
    const n = ++run.current;
    // Every failure is caught inside and shown as an issue.
    const check = async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return setCheck({ state: 'syntax', issues: [{ path: [], message: `${t('jsonError')}: ${message}`, at: syntaxErrorPosition(text, message) }] });
      }
      setCheck((c) => ({ ...c, state: 'checking' }));
      try {
        const result = await data(api.api.definitions.validate.$post({ json: parsed as Record<string, unknown> }));
        if (n !== run.current) return;
        const offsets = valueOffsets(text);
        setCheck({ state: result.valid ? 'valid' : 'invalid', issues: result.issues.map((i) => ({ ...i, at: locate(text, i.path, offsets) })) });
        if (result.valid) {
          const res = await authFetch('/api/definitions/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
          const svg = cleanSvg(await res.text());
          if (n === run.current && svg) setPreview(svg);
        }
      } catch (e) {
        if (n === run.current) setCheck({ state: 'invalid', issues: [{ path: [], message: e instanceof Error ? e.message : String(e), at: undefined }] });
      }
    };
    const timer = setTimeout(() => void check(), 400);
    return () => clearTimeout(timer);
  }, [text]);

  const lines = useMemo(() => text.split('\n').length, [text]);
  const byLine = useMemo(() => {
    const m = new Map<number, string[]>();
    for (const i of check.issues) if (i.at) m.set(i.at.line, [...(m.get(i.at.line) ?? []), i.message]);
    return m;
  }, [check]);

  const jump = (at: Position | undefined) => {
    const el = area.current;
    if (!el || !at) return;
    el.focus();
    el.setSelectionRange(at.offset, at.offset);
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 18;
    el.scrollTop = Math.max(0, (at.line - 4) * lineHeight);
  };

  async function publish() {
    setPublishError(undefined);
    setPublished(undefined);
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      const r = await data(api.api.definitions.$post({ json: body, header: {} }));
      setPublished(`${r.created ? t('published') : t('alreadyPublished')}: ${r.id} v${r.version}`);
      if (r.created) navigate(href({ page: 'definition', id: r.id, version: r.version }));
    } catch (e) {
      if (e instanceof ApiProblem && e.issues.length > 0) {
        const offsets = valueOffsets(text);
        setCheck({ state: 'invalid', issues: e.issues.map((i) => ({ ...i, at: locate(text, i.path, offsets) })) });
      }
      setPublishError(e);
    }
  }

  const status =
    check.state === 'valid' ? (
      <span class="badge h-green" data-testid="validity">
        {t('valid')}
      </span>
    ) : check.state === 'invalid' || check.state === 'syntax' ? (
      <span class="badge h-red" data-testid="validity">
        {check.issues.length} {t('invalid')}
      </span>
    ) : (
      <span class="badge h-none" data-testid="validity">
        {t('loading')}
      </span>
    );

  return (
    <div class="page editor-page">
      <div class="page-head">
        <h1 class="page-title">{t('editor')}</h1>
        <div class="head-links">
          <a href={href({ page: 'definitions' })}>← {t('definitions')}</a>
          {me.role === 'admin' ? (
            <button type="button" class="primary" disabled={check.state !== 'valid'} onClick={() => void publish()} data-testid="publish">
              {t('publish')}
            </button>
          ) : (
            <span class="muted small">{t('onlyAdmin')}</span>
          )}
        </div>
      </div>
      {published && <p class="notice">{published}</p>}
      {publishError !== undefined && <ProblemView error={publishError} />}
      <div class="editor-grid">
        <Card title={<>JSON {status}</>} class="editor-card">
          <div class="code-editor">
            <div class="gutter" ref={gutter} aria-hidden="true">
              {Array.from({ length: lines }, (_, i) => {
                const msgs = byLine.get(i + 1);
                return (
                  <div key={i} class={msgs ? 'err' : ''} title={msgs?.join('\n')}>
                    {i + 1}
                  </div>
                );
              })}
            </div>
            <textarea
              ref={area}
              class="code"
              spellcheck={false}
              wrap="off"
              value={text}
              data-testid="json"
              aria-label="JSON"
              onInput={(e) => setText(e.currentTarget.value)}
              onScroll={(e) => gutter.current && (gutter.current.scrollTop = e.currentTarget.scrollTop)}
            />
          </div>
        </Card>
        <div class="editor-side">
          <Card title={check.state === 'valid' ? t('valid') : `${check.issues.length} ${t('invalid')}`}>
            {check.issues.length === 0 ? (
              <p class="muted">{t('noIssues')}</p>
            ) : (
              <ul class="issues" data-testid="issues">
                {check.issues.map((i, n) => (
                  <li key={n}>
                    <button type="button" class="link" onClick={() => jump(i.at)}>
                      {i.at ? `${t('line')} ${i.at.line}` : '—'}
                    </button>{' '}
                    <code>{i.path.join('.') || '/'}</code> {i.message}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={t('preview')}>
            <div class={check.state === 'valid' ? '' : 'stale'} data-testid="preview">
              {preview ? <SvgView svg={preview} label={t('preview')} /> : <p class="muted">{t('loading')}</p>}
            </div>
          </Card>
        </div>
      </div>
    </div>
  );
}
