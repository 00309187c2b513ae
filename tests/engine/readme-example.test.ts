// The README's example definition does what the README says: it validates, every rule
// has a basis, and launched on 孝义市 it makes the county and its 16 townships, where a
// township cannot leave its acceptance phase by itself (the county government accepts
// it) and a phase's end alone makes nobody late.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { validateDefinition } from '../../definitions/language/validate.js';
import { EngineError } from '../../engine/errors.js';
import { Scheduler } from '../../engine/timers/scheduler.js';
import { forEachDatabase } from '../support/databases.js';
import { createWorld, instanceAt } from '../support/world.js';

const FILE = 'docs/examples/county-pharmacy-check.json';
const example = JSON.parse(readFileSync(new URL(`../../${FILE}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

it('is the file the README names, and it validates', () => {
  expect(readme).toContain(`node bin/campaign.js definitions validate ${FILE}`);
  expect(readme).toContain(`--data-binary @${FILE}`);
  const result = validateDefinition(example);
  expect(result.ok ? [] : result.issues).toEqual([]);
});

forEachDatabase('the README’s example definition, launched on 孝义市', (t) => {
  let launched: Awaited<ReturnType<Awaited<ReturnType<typeof createWorld>>['engine']['launch']>>;
  let world: Awaited<ReturnType<typeof createWorld>>;

  beforeAll(async () => {
    world = await createWorld(t.database, '2026-11-30T09:00:00+08:00');
    await world.engine.publishDefinition(example, 'test-admin');
    launched = await world.engine.launch({ definitionId: 'county-pharmacy-check', rootCode: '141181', launchDate: '2026-12-01', actor: 'test-admin' });
  });

  it('makes the county and its 16 townships, as the README says', () => {
    expect(launched.byLevel).toEqual({ county: 1, township: 16 });
  });

  it('keeps a township that filed its plan waiting for the checking window, not late, and refuses an early move with the date', async () => {
    const { engine, clock } = world;
    const township = await instanceAt(engine, launched.campaignId, '141181100');
    clock.set('2026-12-10T10:00:00+08:00');
    await new Scheduler(engine).runDue(); // 12-01: the mobilization window opens
    await engine.send(township, { type: 'FILE_REPORT', report: 'plan', period: 'once' }, { actor: 'official' });
    await engine.send(township, { type: 'ADVANCE' }, { actor: 'official' });
    clock.set('2026-12-31T23:00:00+08:00');
    await new Scheduler(engine).runDue();
    const row = await engine.instanceRow(township);
    expect(row.summary).toMatchObject({ phase: 'mobilization', standing: 'waiting', health: 'green', overdueCount: 0, lateCount: 0, onTimeCount: 1, waitingUntil: '2027-01-01' });
    const refused = await engine.send(township, { type: 'ADVANCE' }, { actor: 'official' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as EngineError).details.reasons).toEqual([expect.objectContaining({ code: 'already-waiting', opens: '2027-01-01' })]);
    // The window opens: it moves in by itself.
    clock.set('2027-01-01T00:00:01+08:00');
    await new Scheduler(engine).runDue();
    expect((await engine.instanceRow(township)).summary).toMatchObject({ phase: 'checking', standing: 'working', health: 'green' });
  });
});
