// The browser's access to the API: the typed hono client with the signed-in token,
// problem documents as errors, and downloads and SVGs that need the bearer header.
import { hc } from 'hono/client';
import type { AppType } from '../../api/index.js';
import type { CampaignDefinition } from '../../definitions/language/schema.js';

// NOTE: the browser never keeps the bearer token. Signing in exchanges it for an
// HttpOnly session cookie (which scripts cannot read) and a CSRF token, kept here in
// memory only and sent back with every request; after a reload GET /api/session
// gives it again.
let csrf: string | null = null;

/** Is there a session (as far as this page knows)? */
export const signedIn = (): boolean => csrf !== null;

function forget(): void {
  csrf = null;
  definitionCache.clear();
  campaignsCache = undefined;
}

/** Resume the session of the cookie after a reload: true when there is one. */
export async function resumeSession(): Promise<boolean> {
  const res = await fetch('/api/session', { credentials: 'same-origin' });
  if (!res.ok) {
    forget();
    return false;
  }
  csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  return true;
}

/** Sign in: exchange the pasted token for a session; the problem when the token is refused. */
export async function startSession(token: string): Promise<void> {
  const res = await fetch('/api/session', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  if (!res.ok) throw await problemOf(res);
  forget();
  csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
}

/** Sign out: the server ends the session and clears the cookie. */
export async function endSession(): Promise<void> {
  const headers = authHeaders();
  forget();
  await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin', headers }).catch(() => undefined);
}

/** The CSRF token with every request (the cookie goes by itself). */
export const authHeaders = (): Record<string, string> => (csrf ? { 'X-CSRF-Token': csrf } : {});

/** The typed client: paths, parameters and response bodies come from the API's routes. */
export const api = hc<AppType>(typeof location === 'undefined' ? 'http://localhost' : location.origin, { headers: authHeaders });

/** An issue of a problem: where (`path`) and what. */
export type Issue = { path: (string | number)[]; message: string; zh?: string | undefined };

/** An RFC 9457 problem from the API, or a network failure (status 0). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly issues: Issue[] = [],
    readonly allowed: string[] = [],
    /** Why an event was refused: each reason's words in Chinese and English (and the objects it names). */
    readonly reasons: Reason[] = [],
    /** The detail in both languages, where the server words it in both. */
    readonly said: { zh: string; en: string } | undefined = undefined,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

export async function problemOf(res: { status: number; json(): Promise<unknown> }): Promise<ApiProblem> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const p = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; detail?: unknown; issues?: unknown; allowed?: unknown; reasons?: unknown; message?: unknown };
  const message = p.message as { zh?: unknown; en?: unknown } | undefined;
  return new ApiProblem(
    res.status,
    typeof p.code === 'string' ? p.code : `http_${res.status}`,
    typeof p.detail === 'string' ? p.detail : `HTTP ${res.status}`,
    Array.isArray(p.issues) ? (p.issues as Issue[]) : [],
    Array.isArray(p.allowed) ? (p.allowed as string[]) : [],
    Array.isArray(p.reasons) ? (p.reasons as Reason[]) : [],
    message && typeof message.zh === 'string' && typeof message.en === 'string' ? { zh: message.zh, en: message.en } : undefined,
  );
}

/** One reason a refusal gives: a stable code and its words. */
export type Reason = { code: string; message: { zh: string; en: string } };

type AnyResponse = { ok: boolean; status: number; json(): Promise<unknown> };
/** The success body type of a typed client response. */
type Body<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never;

/** Await a typed call: its success body, or an ApiProblem. A 401 signs out. */
export async function data<R extends AnyResponse>(call: Promise<R>): Promise<Body<R>> {
  let res: R;
  try {
    res = await call;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiProblem(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401) window.dispatchEvent(new CustomEvent('ce:unauthorized'));
    throw problem;
  }
  return (await res.json()) as Body<R>;
}

/** A plain fetch with the token, for what the typed client does not describe (SVG, files, the UI's own routes). */
export async function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { ...authHeaders(), ...(init.headers as Record<string, string> | undefined) } });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiProblem(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw await problemOf(res);
  return res;
}

/** Download a file the API serves behind the token (CSV, XLSX, DOCX). */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await authFetch(path);
  const header = res.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : (/filename="([^"]+)"/.exec(header)?.[1] ?? fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A random key for Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function randomKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------- shared reads, cached

export type Me = Awaited<ReturnType<typeof fetchMe>>;
export const fetchMe = () => data(api.api.me.$get());

export type Campaign = Body<Awaited<ReturnType<typeof api.api.campaigns.$get>>>['items'][number];
let campaignsCache: Promise<Campaign[]> | undefined;
/** The campaigns the user can see (cached for the session; `fresh` reloads). */
export function campaigns(fresh = false): Promise<Campaign[]> {
  if (fresh || !campaignsCache) {
    campaignsCache = data(api.api.campaigns.$get({ query: {} })).then((r) => r.items);
    campaignsCache.catch(() => (campaignsCache = undefined));
  }
  return campaignsCache;
}

export type DefinitionVersion = Body<Awaited<ReturnType<(typeof api.api.definitions)[':id']['$get']>>>;
export type DefinitionView = Omit<DefinitionVersion, 'content'> & { content: CampaignDefinition };
const definitionCache = new Map<string, Promise<DefinitionView>>();

/** One published version of a definition (immutable, so cached); no version: the latest (not cached). */
export function definition(id: string, version?: number): Promise<DefinitionView> {
  if (version === undefined) return data(api.api.definitions[':id'].$get({ param: { id } })) as Promise<DefinitionView>;
  const key = `${id}@${version}`;
  let p = definitionCache.get(key);
  if (!p) {
    p = data(api.api.definitions[':id'].versions[':version'].$get({ param: { id, version: String(version) } })) as Promise<DefinitionView>;
    definitionCache.set(key, p);
    p.catch(() => definitionCache.delete(key));
  }
  return p;
}

export type Rollup = Body<Awaited<ReturnType<(typeof api.api.campaigns)[':id']['rollup']['$get']>>>;
export type ChildRollup = Rollup['children'][number];
export type RollupNode = Rollup['focus'];
export type Instance = Body<Awaited<ReturnType<(typeof api.api.instances)[':id']['$get']>>>;
export type HistoryItem = Body<Awaited<ReturnType<(typeof api.api.instances)[':id']['history']['$get']>>>['items'][number];
export type Jurisdiction = Body<Awaited<ReturnType<(typeof api.api.jurisdictions)[':code']['ancestors']['$get']>>>['items'][number];

/** The OpenAPI document (for the event schemas), fetched once. */
let openapi: Promise<{ components?: { schemas?: Record<string, unknown> } }> | undefined;
export function openapiDoc() {
  openapi ??= fetch('/api/openapi.json').then((r) => r.json() as Promise<{ components?: { schemas?: Record<string, unknown> } }>);
  openapi.catch(() => (openapi = undefined));
  return openapi;
}
