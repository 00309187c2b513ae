// The shipped definitions are true to their sources: every rule quotes the sentence it
// rests on — found word for word in the source document kept in definitions/sources/ —
// or says it is the issuing office's own choice.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Basis, CampaignDefinition } from '../../definitions/language/schema.js';
import { validateDefinition } from '../../definitions/language/validate.js';

const DIR = new URL('../../definitions/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'schema.json');

/** Compare across the two widths of Chinese punctuation and any line breaks the source has. */
function normalized(text: string): string {
  const full: Record<string, string> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）', '!': '！', '?': '？' };
  return text.replace(/\s+/g, '').replace(/[,;:()!?]/g, (c) => full[c]!);
}

/** Every rule of a definition that must say where it comes from, by its JSON path. */
function rules(def: CampaignDefinition): { path: string; basis: Basis | undefined }[] {
  const out: { path: string; basis: Basis | undefined }[] = [];
  def.phases.forEach((p, i) => {
    out.push({ path: `phases[${i}]`, basis: p.basis });
    p.exit.forEach((c, j) => out.push({ path: `phases[${i}].exit[${j}]`, basis: c.basis }));
    if (p.review) out.push({ path: `phases[${i}].review`, basis: p.review.basis });
  });
  def.reports.forEach((r, i) => out.push({ path: `reports[${i}]`, basis: r.basis }));
  def.indicators.forEach((x, i) => out.push({ path: `indicators[${i}]`, basis: x.basis }));
  // A task is a rule when it is due by a date; otherwise it is the plan's content.
  def.tasks.forEach((t, i) => t.due !== undefined && out.push({ path: `tasks[${i}]`, basis: t.basis }));
  def.supervision.windows.forEach((w, i) => out.push({ path: `supervision.windows[${i}]`, basis: w.basis }));
  def.supervision.ladders.forEach((l, i) => out.push({ path: `supervision.ladders[${i}]`, basis: l.basis }));
  if (def.leadingGroup) out.push({ path: 'leadingGroup', basis: def.leadingGroup.basis });
  if (def.rectification) {
    out.push({ path: 'rectification', basis: def.rectification.basis });
    def.rectification.checklists.forEach((c, i) => c.items.forEach((item, j) => out.push({ path: `rectification.checklists[${i}].items[${j}]`, basis: item.basis })));
  }
  if (def.riskList) out.push({ path: 'riskList', basis: def.riskList.basis });
  if (def.cases) out.push({ path: 'cases', basis: def.cases.basis });
  return out;
}

describe.each(files)('%s', (file) => {
  const result = validateDefinition(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')));
  if (!result.ok) throw new Error(`${file} does not validate`);
  const def = result.definition;

  it('keeps every source it cites in definitions/sources/', () => {
    expect(def.sources.length).toBeGreaterThan(0);
    for (const s of def.sources) expect(existsSync(new URL(`sources/${s.id}.txt`, DIR)), s.id).toBe(true);
  });

  it('gives every rule a basis: a quoted sentence or the office’s own choice', () => {
    const missing = rules(def)
      .filter((r) => r.basis === undefined)
      .map((r) => r.path);
    expect(missing).toEqual([]);
  });

  it('quotes every sentence word for word from its source', () => {
    const wrong: string[] = [];
    const visit = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (k === 'basis' && v && typeof v === 'object' && 'source' in v) {
            const b = v as { source: string; quote: string };
            const text = normalized(readFileSync(new URL(`sources/${b.source}.txt`, DIR), 'utf8'));
            if (!text.includes(normalized(b.quote))) wrong.push(`${path}: “${b.quote.slice(0, 40)}…” is not in ${b.source}`);
          } else visit(v, path ? `${path}.${k}` : k);
        }
      }
    };
    visit(def, '');
    expect(wrong).toEqual([]);
  });

  it('says so where a delay or step is the office’s own choice, with a note in both languages', () => {
    for (const l of def.supervision.ladders) {
      const b = l.basis!;
      if ('choice' in b) expect(b.note.zh.length * b.note.en.length).toBeGreaterThan(0);
    }
  });
});
