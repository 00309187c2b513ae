// Opening generated documents in tests: a DOCX's parts as XML text, its paragraphs
// as plain text with their style, and the definitions shipped in the repository.
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { validateDefinition } from '../../definitions/language/validate.js';
import type { CampaignDefinition } from '../../definitions/language/schema.js';

export type OpenedDocx = { parts: Record<string, string>; document: string; styles: string; paragraphs: { style: string | null; text: string }[] };

/** Unzip a DOCX and read its XML parts. */
export function openDocx(bytes: Uint8Array): OpenedDocx {
  const files = unzipSync(bytes);
  const parts: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) if (name.endsWith('.xml') || name.endsWith('.rels')) parts[name] = strFromU8(data);
  const document = parts['word/document.xml'] ?? '';
  const paragraphs = [...document.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(m[1]!)?.[1] ?? null,
    text: [...m[1]!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescapeXml(t[1]!)).join(''),
  }));
  return { parts, document, styles: parts['word/styles.xml'] ?? '', paragraphs };
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

export function shippedDefinition(id: string): CampaignDefinition {
  const r = validateDefinition(JSON.parse(readFileSync(new URL(`../../definitions/${id}.json`, import.meta.url), 'utf8')));
  if (!r.ok) throw new Error(`${id} is not valid`);
  return r.definition;
}
