// A form generated from a JSON Schema (an event's payload in /api/openapi.json): inputs
// per type, lists and records that grow, a choice for unions; hints offer the ids the
// definition knows; the server's issues are shown beside the field at their path.
import type { VNode } from 'preact';
import { ENUMS, FIELDS, lang, t, word } from './i18n.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: boolean | Schema;
  default?: unknown;
  maxLength?: number;
  minItems?: number;
  minimum?: number;
};
export type Path = (string | number)[];
/** A problem at a path; `zh` is its words in Chinese where the server gives them. */
export type Issue = { path: Path; message: string; zh?: string | undefined };

/** An issue's words in the current language. */
const said = (i: Issue) => (lang() === 'zh' && i.zh ? i.zh : i.message);

/** What the form knows beyond the schema for one field: choices, suggestions, the union variant to use. */
export type Hint = { options?: { value: string; label: string }[]; suggestions?: string[]; variant?: number };
export type Hints = (path: Path, root: Json) => Hint | undefined;

export const pathKey = (path: readonly (string | number)[]) => path.join('.');

const typeOf = (s: Schema): string | undefined => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);
const variants = (s: Schema) => s.anyOf ?? s.oneOf;

/** The starting value of a schema: required members filled, lists at their minimum length. */
export function initialValue(s: Schema): Json | undefined {
  const alts = variants(s);
  if (alts) return initialValue(alts[0]!);
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) {
        if (!(s.required ?? []).includes(k)) continue;
        const v = initialValue(p);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => (s.items ? (initialValue(s.items) ?? null) : null));
    case 'boolean':
      return false;
    case 'string':
      return typeof s.default === 'string' ? s.default : '';
    default:
      return undefined;
  }
}

/** Which variant of a union a value matches (for showing it). */
export function variantOf(s: Schema, value: Json | undefined): number {
  const alts = variants(s) ?? [];
  const i = alts.findIndex((a) => {
    const ty = typeOf(a);
    if (value === undefined || value === null) return false;
    if (ty === 'boolean') return typeof value === 'boolean';
    if (ty === 'integer' || ty === 'number') return typeof value === 'number';
    if (ty === 'object') return typeof value === 'object' && !Array.isArray(value);
    if (ty === 'string') return typeof value === 'string';
    return false;
  });
  return Math.max(0, i);
}

/** The value to send: empty strings and unset members dropped, so the server says what is missing. */
export function cleanValue(value: Json | undefined): Json | undefined {
  if (value === '' || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => cleanValue(v) ?? null);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = cleanValue(v);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return value;
}

/** A copy of `root` with `value` at `path` (undefined removes a member). */
export function setAt(root: Json | undefined, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path as [string | number, ...Path];
  if (typeof head === 'number') {
    const arr = Array.isArray(root) ? [...root] : [];
    arr[head] = setAt(arr[head], rest, value);
    return arr;
  }
  const obj = root !== null && typeof root === 'object' && !Array.isArray(root) ? { ...root } : {};
  if (rest.length === 0 && value === undefined) delete obj[head];
  else obj[head] = setAt(obj[head], rest, value);
  return obj;
}

export function getAt(root: Json | undefined, path: Path): Json | undefined {
  let v: Json | undefined = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? v[p as number] : (v as Record<string, Json>)[p as string];
  }
  return v;
}

const label = (name: string | number) => (typeof name === 'number' ? `#${name + 1}` : word(FIELDS, name));

const variantLabel = (s: Schema) => {
  const ty = typeOf(s);
  if (ty === 'boolean') return t('yes') + '/' + t('no');
  if (ty === 'integer' || ty === 'number') return word(FIELDS, 'value');
  if (ty === 'object' && s.properties?.numerator) return `${word(FIELDS, 'numerator')}/${word(FIELDS, 'denominator')}`;
  return ty ?? '?';
};

type Ctx = { root: Json; onChange: (v: Json) => void; issues: Map<string, string[]>; shown: Set<string>; hints: Hints; idPrefix: string };

function errorsAt(ctx: Ctx, path: Path): VNode | null {
  const key = pathKey(path);
  const list = ctx.issues.get(key);
  if (!list) return null;
  ctx.shown.add(key);
  return (
    <span class="field-error" role="alert" data-error-for={key}>
      {list.join('; ')}
    </span>
  );
}

function field(schema: Schema, path: Path, required: boolean, ctx: Ctx): VNode {
  const name = path[path.length - 1] ?? '';
  const key = pathKey(path);
  const id = `${ctx.idPrefix}-${key.replace(/[^\w-]/g, '_')}`;
  const value = getAt(ctx.root, path);
  const set = (v: Json | undefined) => ctx.onChange(setAt(ctx.root, path, v));
  const hint = ctx.hints(path, ctx.root);
  const invalid = ctx.issues.has(key);
  const head = (
    <span class="label">
      {label(name)}
      {required && <span class="req" title={t('required')}> *</span>}
    </span>
  );

  const alts = variants(schema);
  if (alts) {
    const chosen = hint?.variant ?? variantOf(schema, value);
    const sub = alts[chosen]!;
    const inner = { ...ctx, hints: (p: Path, r: Json) => (pathKey(p) === key ? undefined : ctx.hints(p, r)) };
    // The hint decided the variant (e.g. the indicator's kind): no choice to show, no extra frame.
    if (hint?.variant !== undefined) return field(sub, path, required, inner);
    return (
      <fieldset class="field group" data-field={key}>
        <legend>{head}</legend>
        <select
          aria-label={`${label(name)} type`}
          value={String(chosen)}
          onChange={(e) => {
            const alt = alts[Number(e.currentTarget.value)]!;
            set(initialValue(alt) ?? (typeOf(alt) === 'integer' || typeOf(alt) === 'number' ? 0 : undefined));
          }}
        >
          {alts.map((a, i) => (
            <option key={i} value={String(i)}>
              {variantLabel(a)}
            </option>
          ))}
        </select>
        {field(sub, path, required, inner)}
      </fieldset>
    );
  }

  const type = typeOf(schema);
  if (type === 'object' && schema.properties) {
    const entries = Object.entries(schema.properties).filter(([k]) => !(path.length === 0 && k === 'type'));
    const body = entries.map(([k, p]) => field(p, [...path, k], (schema.required ?? []).includes(k), ctx));
    if (path.length === 0) return <div class="fields">{body}</div>;
    // An optional object (e.g. openRectification) is switched on with a checkbox.
    const on = value !== undefined && value !== null;
    return (
      <fieldset class="field group" data-field={key}>
        <legend>
          {!required && <input type="checkbox" checked={on} onChange={(e) => set(e.currentTarget.checked ? (initialValue(schema) ?? {}) : undefined)} aria-label={label(name)} />}
          {head}
        </legend>
        {(required || on) && body}
        {errorsAt(ctx, path)}
      </fieldset>
    );
  }

  if (type === 'object') {
    // A record (additionalProperties): key/value rows.
    const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
    const rows = Object.entries(obj);
    const valueSchema = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : { type: 'string' };
    const numeric = typeOf(valueSchema) === 'number' || typeOf(valueSchema) === 'integer';
    const rename = (from: string, to: string) => {
      const next: Record<string, Json> = {};
      for (const [k, v] of rows) next[k === from ? to : k] = v;
      set(next);
    };
    return (
      <fieldset class="field group" data-field={key}>
        <legend>{head}</legend>
        {rows.map(([k, v], i) => (
          <div class="kv" key={i}>
            <input value={k} aria-label={`${label(name)} ${i + 1}`} onInput={(e) => rename(k, e.currentTarget.value)} />
            {numeric ? (
              <input type="number" value={v === null || v === undefined ? '' : String(v as string | number)} onInput={(e) => set({ ...obj, [k]: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })} />
            ) : (
              <input type="text" value={v === null || v === undefined ? '' : String(v as string | number)} onInput={(e) => set({ ...obj, [k]: e.currentTarget.value })} />
            )}
            <button type="button" class="small ghost" onClick={() => set(Object.fromEntries(rows.filter(([x]) => x !== k)))}>
              {t('remove')}
            </button>
            {errorsAt(ctx, [...path, k])}
          </div>
        ))}
        <button type="button" class="small" onClick={() => set({ ...obj, [`item${rows.length + 1}`]: numeric ? 0 : '' })}>
          + {t('add')}
        </button>
        {errorsAt(ctx, path)}
      </fieldset>
    );
  }

  if (type === 'array') {
    const list = Array.isArray(value) ? value : [];
    const items = schema.items ?? { type: 'string' };
    return (
      <fieldset class="field group list" data-field={key}>
        <legend>{head}</legend>
        {list.map((_, i) => (
          <div class="list-item" key={i}>
            {field(items, [...path, i], true, ctx)}
            <button type="button" class="small ghost remove" onClick={() => set(list.filter((__, j) => j !== i))}>
              {t('remove')}
            </button>
          </div>
        ))}
        <button type="button" class="small" data-add={key} onClick={() => set([...list, initialValue(items) ?? null])}>
          + {t('add')} {label(name)}
        </button>
        {errorsAt(ctx, path)}
      </fieldset>
    );
  }

  let input: VNode;
  if (type === 'boolean') {
    input = <input id={id} type="checkbox" checked={value === true} onChange={(e) => set(e.currentTarget.checked)} aria-invalid={invalid} />;
    return (
      <div class="field check" data-field={key}>
        <label for={id}>
          {input} {head}
        </label>
        {errorsAt(ctx, path)}
      </div>
    );
  }
  if (type === 'integer' || type === 'number') {
    input = (
      <input
        id={id}
        type="number"
        step={type === 'integer' ? '1' : 'any'}
        value={typeof value === 'number' ? String(value) : ''}
        onInput={(e) => set(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
        aria-invalid={invalid}
      />
    );
  } else if (schema.enum || hint?.options) {
    const options = hint?.options ?? (schema.enum ?? []).map((v) => ({ value: String(v), label: word(ENUMS, String(v)) }));
    const current = typeof value === 'string' ? value : '';
    input = (
      <select id={id} value={current} onChange={(e) => set(e.currentTarget.value)} aria-invalid={invalid}>
        <option value="">{t('choose')}</option>
        {current && !options.some((o) => o.value === current) && <option value={current}>{current}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if ((schema.maxLength ?? 0) > 500 && name !== 'url') {
    input = <textarea id={id} rows={3} value={typeof value === 'string' ? value : ''} onInput={(e) => set(e.currentTarget.value)} aria-invalid={invalid} />;
  } else {
    const list = hint?.suggestions?.length ? `${id}-list` : undefined;
    input = (
      <>
        <input id={id} type="text" list={list} value={typeof value === 'string' ? value : ''} onInput={(e) => set(e.currentTarget.value)} aria-invalid={invalid} autocomplete="off" />
        {list && (
          <datalist id={list}>
            {hint!.suggestions!.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        )}
      </>
    );
  }
  return (
    <div class={`field ${invalid ? 'invalid' : ''}`} data-field={key}>
      <label for={id}>{head}</label>
      {input}
      {errorsAt(ctx, path)}
    </div>
  );
}

/**
 * The fields of an object schema (its `type` member left out: the event type is the
 * button that opened the form), then any issue no field showed.
 */
export function SchemaForm(props: { schema: Schema; value: Json; onChange: (v: Json) => void; issues: readonly Issue[]; hints?: Hints; idPrefix?: string }) {
  const issues = new Map<string, string[]>();
  for (const i of props.issues) {
    const k = pathKey(i.path);
    issues.set(k, [...(issues.get(k) ?? []), said(i)]);
  }
  const ctx: Ctx = { root: props.value, onChange: props.onChange, issues, shown: new Set(), hints: props.hints ?? (() => undefined), idPrefix: props.idPrefix ?? 'f' };
  // Plain calls, not components: `shown` is complete once they return.
  const body = field(props.schema, [], true, ctx);
  const rest = props.issues.filter((i) => !ctx.shown.has(pathKey(i.path)));
  return (
    <>
      {body}
      {rest.length > 0 && (
        <ul class="form-errors" role="alert">
          {rest.map((i, n) => (
            <li key={n}>
              {i.path.length > 0 && <code>{pathKey(i.path)}</code>} {said(i)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
