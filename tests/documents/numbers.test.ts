// Document numbers on both drivers; on Postgres, many allocations at once from three
// engines on three connection pools (as three server processes would be).
import { expect, it } from 'vitest';
import { ManualClock } from '../../engine/clock.js';
import { allocateDocumentNumber, formatNumber, issuedDocument, setDocumentIssuer } from '../../engine/documents/numbers.js';
import { EngineError } from '../../engine/errors.js';
import { importJurisdictions } from '../../engine/jurisdictions/import.js';
import { Engine } from '../../engine/runner/engine.js';
import { sql } from 'drizzle-orm';
import { dbOf, openDatabase, query } from '../../engine/store/db.js';
import * as docs from '../../engine/store/documents.js';
import * as store from '../../engine/store/store.js';
import { forEachDatabase } from '../support/databases.js';

forEachDatabase('document numbers', (t) => {
  const clock = new ManualClock('2024-04-08T09:00:00+08:00');
  const engine = () => new Engine({ database: t.database, clock });
  const request = (key: string) => ({ issuerCode: '1411', kind: 'late-bulletin', documentKey: key, title: '通报', by: 'tester' });

  /** The URL of this suite's own Postgres database. */
  const ownUrl = async () => {
    const [row] = await query<{ name: string }>(t.db, sql`select current_database() as name`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${row!.name}`;
    return u.toString();
  };

  it('refuses to number while the jurisdiction has no issuing body, saying what to set', async () => {
    await importJurisdictions(t.db, { root: '1411' });
    const e = await allocateDocumentNumber(engine(), request('a')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe('conflict');
    expect((e as EngineError).message).toContain('1411 has no issuing body yet');
  });

  it('numbers documents 1, 2, 3 … per issuer and year, and a document keeps its number', async () => {
    await setDocumentIssuer(engine(), '1411', { name: '吕梁市食品药品监督管理局', prefix: '吕食药监' }, 'admin');
    const a = await allocateDocumentNumber(engine(), request('doc-a'));
    const b = await allocateDocumentNumber(engine(), request('doc-b'));
    const again = await allocateDocumentNumber(engine(), request('doc-a'));
    expect([a.issued.number, b.issued.number]).toEqual(['吕食药监〔2024〕1号', '吕食药监〔2024〕2号']);
    expect(again).toMatchObject({ created: false, issued: { number: '吕食药监〔2024〕1号', issuedBy: 'tester' } });
    expect((await issuedDocument(engine(), 'doc-b'))?.seq).toBe(2);
    // A new year starts again at 1; a changed prefix applies to new numbers only.
    clock.set('2025-01-01T00:00:01+08:00');
    await setDocumentIssuer(engine(), '1411', { name: '吕梁市市场监督管理局', prefix: '吕市监' }, 'admin');
    expect((await allocateDocumentNumber(engine(), request('doc-c'))).issued.number).toBe('吕市监〔2025〕1号');
    expect((await issuedDocument(engine(), 'doc-a'))?.number).toBe('吕食药监〔2024〕1号');
  });

  it('gives a number back when the transaction that took it rolls back', async () => {
    const e = engine();
    const attempt = store.inTransaction(dbOf(e.database), async (tx) => {
      await docs.allocateNumber(tx, { issuerCode: '1411', year: 2025, kind: 'x', documentKey: 'doomed', title: 'x', campaignId: null, instanceId: null, issuedBy: 't', issuedAt: e.now(), format: (s) => formatNumber('吕市监', 2025, s) });
      throw new Error('the rest of the work failed');
    });
    await expect(attempt).rejects.toThrow('the rest of the work failed');
    expect((await allocateDocumentNumber(e, request('after-rollback'))).issued.number).toBe('吕市监〔2025〕2号');
    expect(await issuedDocument(e, 'doomed')).toBeUndefined();
  });

  it('under many concurrent requests gives every document one number, without gaps or doubles', async () => {
    // Three engines on three pools when a server is there (as three processes would be); one on PGlite.
    const url = t.driver === 'postgres' ? await ownUrl() : undefined;
    const extra = url ? await Promise.all([1, 2].map(() => openDatabase({ url, max: 4, migrate: false }))) : [];
    const engines = [engine(), ...extra.map((database) => new Engine({ database, clock }))];
    try {
      const keys = Array.from({ length: 120 }, (_, i) => `burst-${i % 90}`); // 30 keys asked for twice
      const results = await Promise.all(keys.map((k, i) => allocateDocumentNumber(engines[i % engines.length]!, request(k))));
      const byKey = new Map<string, Set<number>>();
      for (const [i, r] of results.entries()) (byKey.get(keys[i]!) ?? byKey.set(keys[i]!, new Set()).get(keys[i]!)!).add(r.issued.seq);
      expect([...byKey.values()].every((s) => s.size === 1)).toBe(true);
      expect(results.filter((r) => r.created).length).toBe(90);
      const seqs = [...byKey.values()].map((s) => [...s][0]!).sort((x, y) => x - y);
      // 2025 already has 1 and 2: these are 3 … 92, each once.
      expect(seqs).toEqual(Array.from({ length: 90 }, (_, i) => i + 3));
      const rows = await docs.listIssued(t.db, '1411', 1000);
      expect(rows.filter((r) => r.year === 2025).map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 92 }, (_, i) => i + 1));
    } finally {
      await Promise.all(extra.map((d) => d.close()));
    }
  });
});

