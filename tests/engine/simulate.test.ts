// A whole campaign run the way its plan runs it, with seeded progress and every
// deadline fired: what the dashboards say along the way must be true. The
// consolidation action on 吕梁市 ends its key-advancement phase on 2024-06-30 and
// opens its summary phase on 2024-10-01; nobody is late for the months between, a
// jurisdiction that finished early waits, and the campaign closes once every
// instance has concluded.
import { beforeAll, describe, expect, it } from 'vitest';
import { compareDates } from '../../definitions/language/dates.js';
import { simulate, type SimulateResult } from '../../engine/sim/simulate.js';
import { dbOf, openDatabase, type Database } from '../../engine/store/db.js';
import * as store from '../../engine/store/store.js';
import { readDefinition } from '../support/world.js';

type Seen = { date: string; code: string; health: string; standing: string; overdue: number; escalations: string[] };

describe('the consolidation action on 吕梁市, simulated from launch to its end', () => {
  let database: Database;
  let result: SimulateResult;
  const seen: Seen[] = [];

  beforeAll(async () => {
    database = await openDatabase();
    result = await simulate({
      database,
      definition: readDefinition('drug-safety-consolidation-action'),
      root: '1411',
      launchDate: '2023-07-01',
      until: '2024-12-31',
      seed: 42,
      every: 7,
      onSample: async (date, r) => {
        for (const inst of await store.campaignInstances(dbOf(database), r.campaignId)) {
          const ctx = inst.snapshot.context;
          seen.push({
            date,
            code: inst.jurisdictionCode,
            health: inst.summary.health,
            standing: inst.summary.standing,
            overdue: inst.summary.overdueCount,
            escalations: Object.values(ctx.escalations).map((e) => `${e.cause}@${e.step}`),
          });
        }
      },
    });
  }, 300_000);

  it('colours an instance only for something overdue or an open escalation', () => {
    const unexplained = seen.filter((s) => s.health !== 'green' && s.health !== 'closed' && s.overdue === 0 && s.escalations.length === 0);
    expect(unexplained).toEqual([]);
    // Red is for a ladder climbed past its first step, or for results (a major case).
    const red = seen.filter((s) => s.health === 'red');
    for (const s of red) expect(s.escalations.some((e) => !e.endsWith('@-1'))).toBe(true);
  });

  it('between the phases (2024-07 to 2024-09) has jurisdictions waiting for the summary window, none of them late for it', () => {
    const gap = seen.filter((s) => compareDates(s.date, '2024-07-01') >= 0 && compareDates(s.date, '2024-09-30') <= 0);
    expect(gap.length).toBeGreaterThan(0);
    const waiting = gap.filter((s) => s.standing === 'waiting');
    expect(waiting.length).toBeGreaterThan(gap.length / 2);
    expect(waiting.filter((s) => s.health === 'red')).toEqual([]);
    // By the end of September every instance has done its key-advancement work and waits.
    const lastWeek = gap.filter((s) => s.date === gap.at(-1)!.date);
    expect(lastWeek.map((s) => s.standing)).toEqual(lastWeek.map(() => 'waiting'));
    expect(lastWeek.map((s) => s.health)).toEqual(lastWeek.map(() => 'green'));
  });

  it('keeps most due things on time, records the late ones, and closes the campaign when every instance concluded', async () => {
    const r = result.final;
    expect(r.subtree.instances).toBe(14); // the city bureau and its 13 counties: the plan's levels, no townships
    expect(r.subtree.onTime).toBeGreaterThan(10 * r.subtree.late);
    expect(r.subtree.late).toBeGreaterThan(0);
    expect(r.subtree.daysLate).toBeGreaterThanOrEqual(r.subtree.late);
    expect(r.subtree.byStanding).toEqual({ closed: 14 });
    const campaign = await store.getCampaign(dbOf(database), result.campaignId);
    expect(campaign?.status).toBe('closed');
    expect(campaign?.closedAt).toBeTruthy();
    await database.close();
  });
});
