// The 文书 (documents) menu: the documents of a definition, a campaign at a
// jurisdiction or a notice instance — a preview of the print page (in a frame, with
// a print button), the Word file, and a 发文字号 for those that take one.
import { useRef, useState } from 'preact/hooks';
import { authFetch, download, randomKey } from './api.js';
import { t, type Key } from './i18n.js';

export type DocumentItem = {
  /** What it is called in the menu. */
  label: Key;
  /** The GET route, without format (may carry a query). */
  path: string;
  /** The POST route that numbers it, when it takes a number. */
  numberPath?: string;
};

const withFormat = (path: string, format: string) => `${path}${path.includes('?') ? '&' : '?'}format=${format}`;

export function DocumentsMenu({ items, withDate = false }: { items: DocumentItem[]; withDate?: boolean }) {
  const [date, setDate] = useState('');
  const [preview, setPreview] = useState<{ html: string; label: Key } | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const frame = useRef<HTMLIFrameElement>(null);
  const dated = (path: string) => (withDate && date ? `${path}${path.includes('?') ? '&' : '?'}date=${date}` : path);
  const run = (key: string, work: () => Promise<void>) => {
    setBusy(key);
    setMessage(undefined);
    work().then(
      () => setBusy(undefined),
      (e: unknown) => (setBusy(undefined), setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) })),
    );
  };
  const show = (item: DocumentItem) =>
    run(`preview:${item.path}`, async () => {
      const res = await authFetch(withFormat(dated(item.path), 'html'));
      setPreview({ html: await res.text(), label: item.label });
    });
  const word = (item: DocumentItem) => run(`docx:${item.path}`, () => download(withFormat(dated(item.path), 'docx'), `${t(item.label)}.docx`));
  const number = (item: DocumentItem) =>
    run(`number:${item.path}`, async () => {
      const res = await authFetch(dated(item.numberPath!), { method: 'POST', headers: { 'Idempotency-Key': randomKey() } });
      const body = (await res.json()) as { number: string; created: boolean };
      setMessage({ ok: true, text: `${body.created ? t('docNumbered') : t('docNumberedBefore')}${body.number}` });
      if (preview) show(item);
    });
  return (
    <details class="documents-menu" data-testid="documents">
      <summary>{t('documents')}</summary>
      <div class="documents-body">
        {withDate && (
          <label class="small">
            {t('docDate')} <input type="date" value={date} onInput={(e) => setDate((e.target as HTMLInputElement).value)} data-testid="doc-date" />
          </label>
        )}
        <ul class="documents-list">
          {items.map((item) => (
            <li key={item.path} data-doc={item.label}>
              <span class="doc-name">{t(item.label)}</span>
              <button type="button" class="small" disabled={busy !== undefined} onClick={() => show(item)} data-action="preview">
                {t('docPreview')}
              </button>
              <button type="button" class="small" disabled={busy !== undefined} onClick={() => word(item)} data-action="docx">
                {t('docWord')}
              </button>
              {item.numberPath && (
                <button type="button" class="small" disabled={busy !== undefined} onClick={() => number(item)} data-action="number" title={t('docNumberHelp')}>
                  {t('docNumber')}
                </button>
              )}
            </li>
          ))}
        </ul>
        {message && <p class={message.ok ? 'ok-text' : 'error-text'} data-testid="doc-message">{message.text}</p>}
        {preview && (
          <div class="documents-preview">
            <div class="documents-preview-head">
              <strong>{t(preview.label)}</strong>
              <button type="button" class="small" onClick={() => frame.current?.contentWindow?.print()} data-action="print">
                {t('docPrint')}
              </button>
              <button type="button" class="small" onClick={() => setPreview(undefined)}>
                {t('docClose')}
              </button>
            </div>
            {/* No scripts in the frame; same origin so the stylesheet loads and the parent can print it. */}
            <iframe ref={frame} class="documents-frame" title={t(preview.label)} sandbox="allow-same-origin allow-modals" srcdoc={preview.html} data-testid="doc-frame" />
          </div>
        )}
      </div>
    </details>
  );
}

/** The documents of a campaign at a jurisdiction. */
export function campaignDocuments(campaignId: number, code: string): DocumentItem[] {
  const base = `/api/campaigns/${campaignId}/documents`;
  const q = `?code=${code}`;
  return [
    { label: 'docPlan', path: `${base}/plan${q}`, numberPath: `${base}/plan/number${q}` },
    { label: 'docLateBulletin', path: `${base}/late-bulletin${q}`, numberPath: `${base}/late-bulletin/number${q}` },
    { label: 'docResultsBulletin', path: `${base}/results-bulletin${q}`, numberPath: `${base}/results-bulletin/number${q}` },
    { label: 'docSummary', path: `${base}/summary${q}` },
    { label: 'docMatrix', path: `${base}/report-matrix${q}` },
  ];
}

/** The notices of a rectification notice instance (every unit in one file). */
export function noticeDocuments(instanceId: number): DocumentItem[] {
  return [
    { label: 'docNotice', path: `/api/instances/${instanceId}/documents/notice` },
    { label: 'docSuspension', path: `/api/instances/${instanceId}/documents/suspension-notice` },
  ];
}
