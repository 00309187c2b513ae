// A campaign as one user sees it: which campaigns are visible, and from where (the
// focus): the campaign's root when it lies in the user's subtree, else the user's own
// jurisdiction, so a township official reading the city's campaign sees its township.
import { isWithin, type CampaignRow, type Compiled } from '../engine/index.js';
import type { ApiUser } from './auth.js';
import { canRead } from './auth.js';
import { ApiError } from './problem.js';
import type { Deps } from './router.js';

export type ScopedCampaign = { campaign: CampaignRow; focusCode: string; compiled: Compiled };

/** Where the user sees a campaign rooted at `rootCode` from; undefined when it cannot see it at all. */
export function focusOf(user: ApiUser, rootCode: string): string | undefined {
  if (canRead(user, rootCode)) return rootCode;
  if (isWithin(user.jurisdictionCode, rootCode)) return user.jurisdictionCode;
  return undefined;
}

/** The campaign (404 when unknown, 403 when it lies outside the user's subtree and above it). */
export async function scopedCampaign(deps: Deps, user: ApiUser, id: number): Promise<ScopedCampaign> {
  const campaign = await deps.engine.campaign(id);
  const focusCode = focusOf(user, campaign.rootCode);
  if (focusCode === undefined) throw new ApiError('forbidden', `campaign ${id} runs at ${campaign.rootCode}, outside your jurisdiction ${user.jurisdictionCode}`);
  const compiled = await deps.engine.compiled(campaign.definitionId, campaign.definitionVersion);
  return { campaign, focusCode, compiled };
}

/** A code of the campaign the user asks about: in its subtree (403 otherwise); default the focus. */
export function codeInScope(user: ApiUser, scoped: ScopedCampaign, code: string | undefined): string {
  if (code === undefined) return scoped.focusCode;
  if (!canRead(user, code)) throw new ApiError('forbidden', `${code} is outside your jurisdiction ${user.jurisdictionCode}`);
  return code;
}
