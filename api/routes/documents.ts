// /api/…/documents: the documents officials issue, generated from a definition, a
// campaign at a jurisdiction or a notice instance — as DOCX to edit or as a print
// page (HTML + the print stylesheet) to print to PDF; the format by `?format=` or
// `Accept`. Numbers (发文字号) are allocated by POST, once per document. Scoped like
// the rest of the API: a user prints only within its own subtree.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { shanghaiDate } from '../../definitions/language/dates.js';
import { toDocx } from '../../documents/docx.js';
import { toHtml } from '../../documents/html.js';
import { plain, type OfficialDocument } from '../../documents/model.js';
import { PRINT_CSS, PRINT_CSS_HASH } from '../../documents/print-css.js';
import {
  allocateDocumentNumber,
  CAMPAIGN_DOCUMENTS,
  campaignDocument,
  definitionPlan,
  documentIssuer,
  documentKey,
  NOTICE_DOCUMENTS,
  noticeDocument,
  NUMBERED,
  setDocumentIssuer,
  type Generated,
} from '../../engine/index.js';
import { actorOf, assertReadable, canRead, requireRole, type ApiEnv, type ApiUser } from '../auth.js';
import { idempotencyKey, once } from '../idempotency.js';
import { ApiError } from '../problem.js';
import { Code, DateOnly, DateTime, errors, IdParam, LevelSchema, readErrors, Text, VersionParam } from '../schemas.js';
import { codeInScope, scopedCampaign } from '../scope.js';
import { router, type Deps } from '../router.js';

const tags = ['documents'];
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const Format = z.enum(['docx', 'html', 'json']).optional().openapi({ description: 'docx (editable in Word and WPS), html (the print page; print it to PDF), json (the report matrix only). Default: by `Accept`, else html.' });
const DateQuery = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d, 'must be a real calendar date')
  .optional()
  .openapi({ description: 'The day the document speaks of (Asia/Shanghai), not after today; default today.', example: '2024-05-20' });
const IdPath = IdParam.openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 1 });
const bodies = {
  [DOCX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
  'text/html': { schema: z.string() },
};
const NumberSchema = z
  .object({
    number: z.string().openapi({ example: '吕市监〔2024〕3号' }),
    documentKey: z.string(),
    kind: z.enum([...CAMPAIGN_DOCUMENTS, ...NOTICE_DOCUMENTS]),
    title: z.string(),
    issuerCode: z.string(),
    year: z.number().int(),
    seq: z.number().int(),
    issuedBy: z.string(),
    issuedAt: DateTime,
    created: z.boolean(),
  })
  .openapi('DocumentNumber');
const IssuerSchema = z.object({ code: z.string(), name: z.string(), prefix: z.string(), updatedBy: z.string(), updatedAt: DateTime }).openapi('DocumentIssuer');

/** The report matrix as JSON: who filed each report of each period, on time, late or not at all, as of a day. */
const MatrixCellSchema = z.object({
  status: z.enum(['not-due', 'on-time', 'late', 'missing', 'not-applicable']),
  daysLate: z.number().int().nullable(),
  daysOverdue: z.number().int().nullable(),
  doneAt: DateTime.nullable(),
  step: z.number().int().nullable().openapi({ description: 'The escalation step reached, if any.' }),
});
const ReportMatrixSchema = z
  .object({
    date: DateOnly,
    focus: z.object({ code: z.string(), name: z.string(), level: LevelSchema }),
    reports: z.array(
      z.object({
        id: z.string(),
        title: Text,
        periods: z.array(z.object({ period: z.string(), dueAt: DateTime })),
        rows: z.array(z.object({ code: z.string(), name: z.string(), cells: z.array(MatrixCellSchema), onTime: z.number().int(), late: z.number().int(), missing: z.number().int() })),
      }),
    ),
  })
  .openapi('ReportMatrix');
const IssuerBody = z
  .object({
    name: z.string().trim().min(2).max(60).openapi({ example: '吕梁市市场监督管理局' }),
    prefix: z.string().trim().min(1).max(12).regex(/^[^〔〕[\]【】\s\d]+$/, 'must be the issuer’s short name without brackets, digits or spaces, e.g. 吕市监').openapi({ example: '吕市监' }),
  })
  .strict();

const css = createRoute({ method: 'get', path: '/documents/print.css', tags, summary: 'The print stylesheet of every document page (GB/T 9704-2012 on A4)', operationId: 'getPrintCss', description: 'The stylesheet every document page links to: GB/T 9704-2012 on A4 (margins, the 22 × 28 grid, fonts). Public and cached by its hash.', security: [], responses: { 200: { content: { 'text/css': { schema: z.string() } }, description: 'CSS' }, 429: readErrors[429] } });

const definitionDoc = createRoute({
  method: 'get',
  path: '/definitions/{id}/documents/plan',
  tags,
  summary: '实施方案 of a definition as written (phases as the definition writes them; blanks for place, basis, holders and date)',
  operationId: 'getDefinitionPlan',
  description: 'The plan (实施方案) a definition writes, as DOCX to edit or as a print page: its phases, tasks, indicators and reports, with blanks where a campaign fills in place, basis and dates.',
  request: { params: z.object({ id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' }, example: 'drug-safety-special-rectification' }) }), query: z.object({ version: VersionParam.optional(), format: Format }) },
  responses: { 200: { content: bodies, description: 'The document' }, 406: errors[406], ...readErrors },
});

const CampaignKind = z.enum(CAMPAIGN_DOCUMENTS).openapi({ param: { name: 'kind', in: 'path' }, description: 'plan (实施方案 at the jurisdiction), late-bulletin (逾期报送通报), results-bulletin (工作进展通报), summary (工作总结初稿), report-matrix (报送情况统计表)' });
const campaignQuery = z.object({ code: Code.optional().openapi({ description: 'The jurisdiction (default: your focus).' }), date: DateQuery, format: Format });

const campaignDoc = createRoute({
  method: 'get',
  path: '/campaigns/{id}/documents/{kind}',
  tags,
  summary: 'A document of a campaign at a jurisdiction on a day',
  operationId: 'getCampaignDocument',
  description: 'The report matrix is also JSON (`format=json` or `Accept: application/json`). A document numbered before (POST …/number) prints its number; otherwise the number is blank.',
  request: { params: z.object({ id: IdPath, kind: CampaignKind }), query: campaignQuery },
  responses: { 200: { content: { ...bodies, 'application/json': { schema: ReportMatrixSchema } }, description: 'The document' }, 406: errors[406], ...readErrors },
});

const NoticeKind = z.enum(NOTICE_DOCUMENTS).openapi({ param: { name: 'kind', in: 'path' }, description: 'notice (整改通知书), suspension-notice (停业整改通知书)' });
const noticeQuery = z.object({ unit: z.string().max(100).optional().openapi({ description: 'One unit of the notice; default: every unit, one notice each.' }), format: Format });

const noticeDoc = createRoute({
  method: 'get',
  path: '/instances/{id}/documents/{kind}',
  tags,
  summary: 'The 整改通知书 (or 停业整改通知书) of a rectification notice instance, one per unit',
  operationId: 'getNoticeDocument',
  description: 'The rectification notice (整改通知书) of a notice instance, or the notice to suspend business (停业整改通知书), one per unit (or `unit`), with its number if it was given one.',
  request: { params: z.object({ id: IdPath, kind: NoticeKind }), query: noticeQuery },
  responses: { 200: { content: bodies, description: 'The document' }, 406: errors[406], ...readErrors },
});

const numberHeaders = z.object({ 'idempotency-key': z.string().optional() });
const campaignNumber = createRoute({
  method: 'post',
  path: '/campaigns/{id}/documents/{kind}/number',
  tags,
  summary: 'Give a campaign document its 发文字号 (once: asking again returns the same number)',
  operationId: 'numberCampaignDocument',
  description: 'Needs an official or admin within the jurisdiction, and the jurisdiction’s issuing body (PUT /jurisdictions/{code}/issuer). 201 when numbered now, 200 when it already had a number.',
  request: { params: z.object({ id: IdPath, kind: CampaignKind }), query: campaignQuery.omit({ format: true }), headers: numberHeaders },
  responses: { 201: { content: { 'application/json': { schema: NumberSchema } }, description: 'Numbered' }, 200: { content: { 'application/json': { schema: NumberSchema } }, description: 'Its number, given before' }, ...errors },
});

const noticeNumber = createRoute({
  method: 'post',
  path: '/instances/{id}/documents/{kind}/number',
  tags,
  summary: 'Give one unit’s notice its 发文字号 (once)',
  operationId: 'numberNoticeDocument',
  description: 'Gives one unit’s notice its number (发文字号) from the jurisdiction’s issuing body, once: asking again returns the same number (200) rather than a new one (201).',
  request: { params: z.object({ id: IdPath, kind: NoticeKind }), query: z.object({ unit: z.string().min(1).max(100).openapi({ description: 'The unit (required: each notice has its own number).' }) }), headers: numberHeaders },
  responses: { 201: { content: { 'application/json': { schema: NumberSchema } }, description: 'Numbered' }, 200: { content: { 'application/json': { schema: NumberSchema } }, description: 'Its number, given before' }, ...errors },
});

const CodePath = Code.openapi({ param: { name: 'code', in: 'path' } });
const getIssuer = createRoute({
  method: 'get',
  path: '/jurisdictions/{code}/issuer',
  tags,
  summary: 'The issuing body (发文机关) of a jurisdiction: its name and number prefix',
  operationId: 'getIssuer',
  description: 'The issuing body (发文机关) of a jurisdiction: its name and the prefix of its document numbers, e.g. 吕市监.',
  request: { params: z.object({ code: CodePath }) },
  responses: { 200: { content: { 'application/json': { schema: IssuerSchema } }, description: 'The issuing body' }, ...readErrors },
});
const putIssuer = createRoute({
  method: 'put',
  path: '/jurisdictions/{code}/issuer',
  tags,
  summary: 'Set the issuing body of a jurisdiction (its official, or an admin above it)',
  operationId: 'setIssuer',
  description: 'Sets the name and number prefix documents of this jurisdiction are issued under; its official, or an admin at or above it.',
  request: { params: z.object({ code: CodePath }), body: { content: { 'application/json': { schema: IssuerBody } }, required: true } },
  responses: { 200: { content: { 'application/json': { schema: IssuerSchema } }, description: 'Set' }, ...errors },
});

type Wanted = 'docx' | 'html' | 'json';

/** The format asked for: `?format=` first, else the first acceptable type of `Accept`, else html. */
export function wantedFormat(c: Context, format: Wanted | undefined, allowJson: boolean): Wanted {
  if (format) {
    if (format === 'json' && !allowJson) throw new ApiError('not_acceptable', 'only the report matrix is available as json; ask for docx or html');
    return format;
  }
  const accept = c.req.header('accept') ?? '';
  if (!accept || /\*\/\*/.test(accept)) {
    if (accept.includes(DOCX_TYPE)) return 'docx';
    return 'html';
  }
  for (const part of accept.split(',').map((p) => p.split(';')[0]!.trim())) {
    if (part === DOCX_TYPE) return 'docx';
    if (part === 'text/html' || part === 'text/*') return 'html';
    if (part === 'application/json' && allowJson) return 'json';
  }
  throw new ApiError('not_acceptable', `cannot answer ${accept}: documents are ${DOCX_TYPE} or text/html${allowJson ? ' (the report matrix also application/json)' : ''}`);
}

/** Content-Disposition with the Chinese title as the file name (RFC 6266 / 5987). */
function disposition(kind: 'attachment' | 'inline', title: string, ext: string): string {
  const name = `${title.replace(/[\\/:*?"<>|\r\n]/g, '_').slice(0, 80)}.${ext}`;
  return `${kind}; filename="document.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function answer(c: Context<ApiEnv>, g: Generated, format: Wanted) {
  const first: OfficialDocument = g.documents[0]!;
  const title = plain(first.title) + (first.subtitle ?? '');
  c.header('Vary', 'Accept');
  c.header('Cache-Control', 'private, no-store');
  if (g.key) c.header('Document-Key', encodeURIComponent(g.key));
  if (format === 'json') return c.json(g.matrix ?? {}, 200);
  if (format === 'docx') return c.body(await toDocx(g.documents), 200, { 'content-type': DOCX_TYPE, 'content-disposition': disposition('attachment', title, 'docx') });
  return c.body(toHtml(g.documents, { stylesheet: `/api/documents/print.css?v=${PRINT_CSS_HASH}` }), 200, { 'content-type': 'text/html; charset=utf-8', 'content-disposition': disposition('inline', title, 'html') });
}

function dayOf(deps: Deps, date: string | undefined): string {
  const today = shanghaiDate(deps.clock.now());
  if (date === undefined) return today;
  if (date > today) throw new ApiError('invalid', `date ${date} is after today (${today}): a document speaks of what has happened`, { issues: [{ path: ['date'], message: `must not be after ${today}` }] });
  return date;
}

function mayNumber(user: ApiUser, code: string): void {
  requireRole(user, ['official', 'admin'], 'numbering a document');
  if (!canRead(user, code)) throw new ApiError('forbidden', `${code} is outside your jurisdiction ${user.jurisdictionCode}`);
}

/** The public stylesheet route (no token: the print page loads it). */
export function documentStyleRoutes() {
  return router().openapi(css, (c) =>
    c.body(PRINT_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': c.req.query('v') === PRINT_CSS_HASH ? 'public, max-age=31536000, immutable' : 'no-cache', etag: `"${PRINT_CSS_HASH}"` }),
  );
}

export function documentRoutes(deps: Deps) {
  const { engine } = deps;
  return router()
    .openapi(definitionDoc, async (c) => {
      const q = c.req.valid('query');
      const format = wantedFormat(c, q.format, false);
      return answer(c, await definitionPlan(engine, c.req.valid('param').id, q.version), format);
    })
    .openapi(campaignDoc, async (c) => {
      const { id, kind } = c.req.valid('param');
      const q = c.req.valid('query');
      const format = wantedFormat(c, q.format, kind === 'report-matrix');
      const scoped = await scopedCampaign(deps, c.var.user, id);
      const code = codeInScope(c.var.user, scoped, q.code);
      return answer(c, await campaignDocument(engine, id, code, kind, dayOf(deps, q.date)), format);
    })
    .openapi(noticeDoc, async (c) => {
      const { id, kind } = c.req.valid('param');
      const q = c.req.valid('query');
      const format = wantedFormat(c, q.format, false);
      const row = await engine.instance(id);
      assertReadable(c.var.user, row.jurisdictionCode, `instance ${id}`);
      return answer(c, await noticeDocument(engine, id, kind, q.unit), format);
    })
    .openapi(campaignNumber, async (c) => {
      const { id, kind } = c.req.valid('param');
      const q = c.req.valid('query');
      const user = c.var.user;
      const scoped = await scopedCampaign(deps, user, id);
      const code = codeInScope(user, scoped, q.code);
      mayNumber(user, code);
      if (!NUMBERED.has(kind)) throw new ApiError('conflict', `a ${kind} takes no document number`);
      const date = dayOf(deps, q.date);
      const key = documentKey(kind, { campaignId: id, code, date });
      const done = await once(engine.requests, { scope: `user:${user.id}`, key: idempotencyKey(c), request: { method: 'POST', route: `/campaigns/${id}/documents/${kind}/number`, body: { key } } }, async () => {
        const g = await campaignDocument(engine, id, code, kind, date);
        const r = await allocateDocumentNumber(engine, { issuerCode: code, kind, documentKey: key, title: plain(g.documents[0]!.title), campaignId: id, by: actorOf(user) });
        return { status: r.created ? 201 : 200, body: { ...r.issued, kind, created: r.created } };
      });
      if (done.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(done.body, done.status === 201 ? 201 : 200);
    })
    .openapi(noticeNumber, async (c) => {
      const { id, kind } = c.req.valid('param');
      const { unit } = c.req.valid('query');
      const user = c.var.user;
      const row = await engine.instance(id);
      assertReadable(user, row.jurisdictionCode, `instance ${id}`);
      mayNumber(user, row.jurisdictionCode);
      const key = documentKey(kind, { instanceId: id, unit });
      const done = await once(engine.requests, { scope: `user:${user.id}`, key: idempotencyKey(c), request: { method: 'POST', route: `/instances/${id}/documents/${kind}/number`, body: { key } } }, async () => {
        const g = await noticeDocument(engine, id, kind, unit);
        const r = await allocateDocumentNumber(engine, { issuerCode: row.jurisdictionCode, kind, documentKey: key, title: `${plain(g.documents[0]!.title)}（${plain(g.documents[0]!.recipients ?? [])}）`, campaignId: row.campaignId, instanceId: id, by: actorOf(user) });
        return { status: r.created ? 201 : 200, body: { ...r.issued, kind, created: r.created } };
      });
      if (done.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(done.body, done.status === 201 ? 201 : 200);
    })
    .openapi(getIssuer, async (c) => {
      const { code } = c.req.valid('param');
      assertReadable(c.var.user, code, 'the issuing body');
      const issuer = await documentIssuer(engine, code);
      if (!issuer) throw new ApiError('not_found', `${code} has no issuing body yet; set it with PUT /api/jurisdictions/${code}/issuer`);
      return c.json(issuer, 200);
    })
    .openapi(putIssuer, async (c) => {
      const { code } = c.req.valid('param');
      const user = c.var.user;
      assertReadable(user, code, 'the issuing body');
      if (!(user.role === 'admin' || (user.role === 'official' && user.jurisdictionCode === code)))
        throw new ApiError('forbidden', `setting the issuing body of ${code} needs its own official or an admin at or above it; you are ${user.role} at ${user.jurisdictionCode}`);
      return c.json(await setDocumentIssuer(engine, code, c.req.valid('json'), actorOf(user)), 200);
    });
}

