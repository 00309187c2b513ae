// The engine's one door. Everything outside engine/ (the API, the CLI, the web UI's
// server, the process that wires them) imports the engine from here and nothing
// else: no store, no SQL, no database handle. Reads and writes go through `Engine`;
// `openDatabase` gives the opaque handle an Engine and a Scheduler run on.

// ---------------------------------------------------------------- the engine and its database
export {
  Engine,
  MAX_HISTORY_PAGE,
  canonicalJson,
  type EngineOptions,
  type SendOptions,
  type SendResult,
  type SendPolicy,
  type Refusal,
  type LaunchInput,
  type LaunchResult,
  type CancelResult,
} from './runner/engine.js';
export type { Page, LaunchQuery } from './runner/campaigns.js';
export type { RequestRecord } from './runner/request-records.js';
export { openDatabase, sqlState, type Database, type OpenOptions } from './store/db.js';
export { Scheduler, type SchedulerOptions, type RunReport } from './timers/scheduler.js';
export { simulate, type SimulateOptions, type SimulateResult } from './sim/simulate.js';
export { EngineError, type ErrorCode } from './errors.js';
export { ManualClock, systemClock, type Clock } from './clock.js';

// ---------------------------------------------------------------- what the reads return
export type { Compiled, Persisted, Summary } from './core/step.js';
export type { CampaignRow, DefinitionRow, EventRow, InstanceRow, JurisdictionRow, JurisdictionNode, JurisdictionHit } from './store/store.js';
export type { InstanceListRow, InstanceListFilter, OutboxItem, ChangeRow } from './store/api.js';
export type { NodeRow } from './store/rollup.js';
export type { Rollup, RollupFilter, RollupSubject, ChildRollup, Aggregate, IndicatorRollup } from './rollup/rollup.js';
export type { JurisdictionView, SearchQuery } from './jurisdictions/search.js';
export { formatCounts, type ImportOptions, type ImportProgress, type ImportResult } from './jurisdictions/import.js';
export { SESSION_HOURS, type Actor, type Authenticated, type UserView } from './users/users.js';
export type { TokenRecord, UserRecord } from './store/access.js';
export { DEMO_DEFINITIONS, DEMO_USERS, demoLogins, demoToken, isEmpty, readDefinitionFile, seedDemo, type DemoCampaign, type DemoUser } from './demo/demo.js';

// ---------------------------------------------------------------- official documents (rendered by documents/)
export {
  CAMPAIGN_DOCUMENTS,
  NOTICE_DOCUMENTS,
  NUMBERED,
  campaignDocument,
  definitionPlan,
  documentKey,
  noticeDocument,
  type CampaignDocumentKind,
  type Generated,
  type NoticeDocumentKind,
} from './documents/generate.js';
export {
  allocateDocumentNumber,
  documentIssuer,
  formatNumber,
  issuedDocument,
  setDocumentIssuer,
  type DocumentIssuer,
  type IssuedDocument,
} from './documents/numbers.js';

// ---------------------------------------------------------------- small pure rules callers share
export { NATION_CODE, isWithin } from './core/tree.js';
export { findUnstorable, unstorable } from './store/text.js';
