// The event log is the truth: after a simulated campaign with random progress and
// every deadline fired, replaying each instance's events reproduces its stored
// snapshot, and the roll-up equals one recomputed from scratch out of those replays.
import { beforeAll, expect, it } from 'vitest';
import { onTimeRate } from '../../definitions/language/compile.js';
import { summarize } from '../../engine/core/step.js';
import { emptyAggregate, rollup, type Aggregate } from '../../engine/rollup/rollup.js';
import { Engine, canonicalJson } from '../../engine/runner/engine.js';
import { simulate } from '../../engine/sim/simulate.js';
import * as store from '../../engine/store/store.js';
import { forEachDatabase } from '../support/databases.js';
import { readDefinition } from '../support/world.js';
import { dbOf } from '../../engine/store/db.js';

forEachDatabase('replay and roll-up after a random event storm', (t) => {
  let engine: Engine;
  let campaignId: number;

  beforeAll(async () => {
    const result = await simulate({
      database: t.database,
      definition: readDefinition('drug-safety-special-rectification'),
      root: '1411',
      launchDate: '2024-02-01',
      until: '2024-06-15',
      seed: 7,
    });
    expect(result.events).toBeGreaterThan(1000);
    campaignId = result.campaignId;
    engine = new Engine({ database: t.database });
  }, 300_000);

  it('rebuilds every instance’s snapshot from its events alone', async () => {
    const instances = await store.campaignInstances(dbOf(engine.database), campaignId);
    expect(instances).toHaveLength(168);
    const mismatched: string[] = [];
    for (const inst of instances) {
      const replayed = await engine.replay(inst.id);
      if (canonicalJson(replayed) !== canonicalJson(inst.snapshot)) mismatched.push(inst.jurisdictionCode);
    }
    expect(mismatched).toEqual([]);
  });

  it('rolls up to the same figures as a recount of the replayed instances', async () => {
    const { definition } = await engine.compiledForCampaign(campaignId);
    const instances = await store.campaignInstances(dbOf(engine.database), campaignId);
    const byLevel: Record<string, Aggregate> = {};
    const perCounty = new Map<string, Aggregate>();
    for (const inst of instances) {
      const s = summarize(definition, await engine.replay(inst.id));
      for (const agg of [(byLevel[inst.level] ??= emptyAggregate()), ...(inst.level === 'township' || inst.level === 'county' ? [perCounty.get(inst.jurisdictionCode.slice(0, 6)) ?? perCounty.set(inst.jurisdictionCode.slice(0, 6), emptyAggregate()).get(inst.jurisdictionCode.slice(0, 6))!] : [])]) {
        agg.instances += 1;
        agg.byPhase[s.phase] = (agg.byPhase[s.phase] ?? 0) + 1;
        agg.byHealth[s.health] = (agg.byHealth[s.health] ?? 0) + 1;
        agg.byStanding[s.standing] = (agg.byStanding[s.standing] ?? 0) + 1;
        agg.overdue += s.overdueCount > 0 ? 1 : 0;
        agg.overdueItems += s.overdueCount;
        agg.late += s.lateCount;
        agg.onTime += s.onTimeCount;
        agg.daysLate += s.daysLate;
        agg.onTimeRate = onTimeRate(agg.onTime, agg.late, agg.overdueItems);
        agg.referrals += s.referrals;
        agg.casesOpen += s.casesOpen;
        agg.majorCases += s.majorCases;
        agg.tasksDone += s.tasksDone;
        agg.tasksTotal += s.tasksTotal;
      }
    }
    const r = await rollup(dbOf(engine.database), { campaign: await engine.campaign(campaignId), definition });
    expect(r.byLevel).toEqual(byLevel);
    // Each county's subtree (the county and its townships) matches its recount.
    expect(r.children).toHaveLength(13);
    for (const child of r.children) expect(child.subtree).toEqual(perCounty.get(child.code));
    // Something happened: phases moved on, most things were done on time and some late.
    expect(r.byLevel.township!.byPhase.mobilization ?? 0).toBeLessThan(154);
    expect(r.subtree.onTime).toBeGreaterThan(r.subtree.late);
    expect(r.subtree.late).toBeGreaterThan(0);
  });
});
