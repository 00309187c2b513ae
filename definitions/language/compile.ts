// The compiler's public face: compile a definition to its machine, and the names the
// engine, the roll-up and the diagrams use. The parts live by concept: context.ts (what
// an instance knows, the effects), due.ts (when things are due), checks.ts (conditions
// as checks that say why not), escalation.ts (ladders by cause), handlers.ts (the pure
// decisions), machine.ts (the state tree), refusal.ts (why an event was refused).
export { compile, needsAttention, waitingState, type CampaignMachine } from './machine.js';
export {
  appliesAt,
  CANCELLED,
  childLevel,
  reportKey,
  RUNNING,
  WAITING_PREFIX,
  type CampaignContext,
  type CampaignInput,
  type Cause,
  type DueFact,
  type DueKind,
  type Effect,
  type LeadingGroupMember,
  type OpenEscalation,
  type TimerPayload,
} from './context.js';
export {
  checklistOpenItems,
  checklistsComplete,
  conditionReasons,
  eventProblems,
  exitReasons,
  leadingGroupProblems,
  meetsTarget,
  periodProblemFor,
  phaseState,
  phaseTasks,
  reviewedHere,
  risksClosed,
  targetText,
  valueText,
} from './checks.js';
export { causeOfKey, escalationLevel, isEscalated, ladderForKey, laddersOf } from './escalation.js';
export { explainRefusal } from './refusal.js';
export { reasons, sayReasons, type Reason } from './reasons.js';
export { kindWords, onTimeRate, recordItems, type RecordItem, type RecordStatus } from './record.js';
