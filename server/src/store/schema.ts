// Tables as drizzle sees them (the SQL in migrations/ is what creates them).
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { RequestKind, StepName, TrialParty } from '../requests/lifecycle.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash'),
  oidcSubject: text('oidc_subject'),
  role: text('role').notNull(),
  department: text('department'),
  /** The one network the account works on (null: both). */
  network: text('network'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** The TOTP key (base32) once enrolled; the one being enrolled until its first code is right. */
  totpSecret: text('totp_secret'),
  totpPending: text('totp_pending'),
  /** The newest TOTP step accepted: no code is accepted twice. */
  totpUsedStep: bigint('totp_used_step', { mode: 'number' }),
  lastLoginAt: ts('last_login_at'),
  lastLoginAddress: text('last_login_address'),
  passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
  /** Set by an administrator's reset: the owner chooses a new one at the next sign-in. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
});

/** A role grant proposed by one person, decided by the security administrator (four eyes). */
export const grantProposals = pgTable('grant_proposals', {
  id: serial('id').primaryKey(),
  username: text('username').notNull(),
  role: text('role').notNull(),
  department: text('department'),
  network: text('network'),
  reason: text('reason').notNull(),
  /** 'pending', 'approved' or 'refused'. */
  status: text('status').notNull().default('pending'),
  proposedBy: text('proposed_by').notNull(),
  proposedAt: ts('proposed_at').notNull(),
  decidedBy: text('decided_by'),
  decidedAt: ts('decided_at'),
  comment: text('comment'),
});

/** Earlier password hashes of each account, newest first by id (none may be chosen again). */
export const passwordHistory = pgTable('password_history', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull(),
  passwordHash: text('password_hash').notNull(),
  changedAt: ts('changed_at').notNull(),
});

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull(),
  csrf: text('csrf').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  /** 'full', or a sign-in half done: a second factor to give, or one to enrol (grants nothing). */
  stage: text('stage').notNull().default('full'),
  /** The last act of its user (a change, or the console's activity beat); polling does not count. */
  lastSeenAt: ts('last_seen_at'),
  /** The sign-in before this one, shown once at this one. */
  previousLoginAt: ts('previous_login_at'),
  previousLoginAddress: text('previous_login_address'),
});

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  objectType: text('object_type').notNull(),
  objectId: text('object_id').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const resourceRequests = pgTable('resource_requests', {
  id: serial('id').primaryKey(),
  system: text('system').notNull(),
  department: text('department').notNull(),
  network: text('network').notNull(),
  cpu: doublePrecision('cpu').notNull(),
  memoryGiB: doublePrecision('memory_gib').notNull(),
  storageGiB: doublePrecision('storage_gib').notNull(),
  reason: text('reason').notNull(),
  status: text('status').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: ts('requested_at').notNull(),
  /** When the current step's clock lapses (none for the trial run, nor once decided or online). */
  dueAt: ts('due_at'),
  decidedBy: text('decided_by'),
  decidedAt: ts('decided_at'),
  comment: text('comment'),
  approvedCpu: doublePrecision('approved_cpu'),
  approvedMemoryGiB: doublePrecision('approved_memory_gib'),
  approvedStorageGiB: doublePrecision('approved_storage_gib'),
  liveAt: ts('live_at'),
  version: integer('version').notNull().default(1),
  /** The form's submission id: the same submission twice makes one request. */
  submissionId: text('submission_id'),
  /** The units that review it, nearest first (county, city, province); empty: one decision. */
  reviewLevels: jsonb('review_levels').$type<string[]>().notNull().default([]),
  /** Which of the levels it awaits. */
  reviewStep: integer('review_step').notNull().default(0),
  /** The reviews given so far, in order. */
  reviews: jsonb('reviews').$type<LevelReview[]>().notNull().default([]),
  /** Its unit and that unit's ancestors: the department pools an approval draws on. */
  pools: jsonb('pools').$type<string[]>().notNull().default([]),
  /** New resources, a change to a live system's, or its exit (requests/lifecycle.ts). */
  kind: text('kind').$type<RequestKind>().notNull().default('new'),
  /** The lifecycle step it is at, and since when. */
  step: text('step').$type<StepName>().notNull().default('review'),
  stepStartedAt: ts('step_started_at').notNull(),
  /** The MLPS filing number (备案号) a request for a system at level 3 or above carries. */
  filing: text('filing'),
  /** Its steps so far: who accepted, provisioned, passed the test, confirmed the trial run… */
  trail: jsonb('trail').$type<StepEvent[]>().notNull().default([]),
});

/** What the data bureau allots a unit on a network (its subtree's approvals stay within it). */
export const allotments = pgTable('allotments', {
  department: text('department').notNull(),
  network: text('network').notNull(),
  cpu: doublePrecision('cpu').notNull(),
  memoryGiB: doublePrecision('memory_gib').notNull(),
  storageGiB: doublePrecision('storage_gib').notNull(),
  setBy: text('set_by').notNull(),
  setAt: ts('set_at').notNull(),
  version: integer('version').notNull().default(1),
});

/** One level's approval of a request on its way up. */
/** One step's event in a request's trail. */
export interface StepEvent {
  step: StepName;
  outcome:
    | 'applied'
    | 'amended'
    | 'accepted'
    | 'refused'
    | 'reviewed'
    | 'approved'
    | 'rejected'
    | 'provisioned'
    | 'passed'
    | 'expired'
    | 'confirmed'
    | 'withdrawn'
    | 'released';
  /** The account, or `yunqian` for what the evidence decides (the live quota, a lapsed test). */
  by: string;
  at: string;
  /** The party a trial-run confirmation stands for. */
  party?: TrialParty | undefined;
  /** The review level, for a review. */
  level?: string | undefined;
  comment?: string | undefined;
}

export interface LevelReview {
  level: string;
  by: string;
  at: string;
  comment: string;
}

export const signoffs = pgTable('signoffs', {
  id: serial('id').primaryKey(),
  system: text('system').notNull(),
  kind: text('kind').notNull(),
  signedBy: text('signed_by').notNull(),
  signedAt: ts('signed_at').notNull(),
  confirmedBy: text('confirmed_by'),
  confirmedAt: ts('confirmed_at'),
  version: integer('version').notNull().default(1),
  signComment: text('sign_comment'),
  confirmComment: text('confirm_comment'),
});

/** An application for a system to stay off the cloud (不上云例外), and its decision. */
export const retainExceptions = pgTable('retain_exceptions', {
  id: serial('id').primaryKey(),
  system: text('system').notNull(),
  department: text('department').notNull(),
  network: text('network').notNull(),
  reason: text('reason').notNull(),
  /** The last day the exception holds (YYYY-MM-DD). */
  expiresOn: date('expires_on', { mode: 'string' }).notNull(),
  /** 'pending', 'approved', 'rejected', 'withdrawn', 'revoked' or 'superseded'. */
  status: text('status').notNull().default('pending'),
  appliedBy: text('applied_by').notNull(),
  appliedAt: ts('applied_at').notNull(),
  decidedBy: text('decided_by'),
  decidedAt: ts('decided_at'),
  decisionComment: text('decision_comment'),
  closedBy: text('closed_by'),
  closedAt: ts('closed_at'),
  closeComment: text('close_comment'),
  version: integer('version').notNull().default(1),
  submissionId: text('submission_id'),
});

export const blockers = pgTable('blockers', {
  id: serial('id').primaryKey(),
  system: text('system').notNull(),
  reason: text('reason').notNull(),
  owner: text('owner'),
  raisedBy: text('raised_by').notNull(),
  raisedAt: ts('raised_at').notNull(),
  resolvedBy: text('resolved_by'),
  resolvedAt: ts('resolved_at'),
  version: integer('version').notNull().default(1),
  resolveComment: text('resolve_comment'),
});

export const stageHistory = pgTable('stage_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  system: text('system').notNull(),
  fromStage: text('from_stage'),
  toStage: text('to_stage').notNull(),
  at: ts('at').notNull(),
  evidence: jsonb('evidence'),
});

export const oidcPending = pgTable('oidc_pending', {
  stateHash: text('state_hash').primaryKey(),
  verifier: text('verifier').notNull(),
  nonce: text('nonce').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const signinFailures = pgTable('signin_failures', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  keyHash: text('key_hash').notNull(),
  at: ts('at').notNull(),
});

export const liveEvents = pgTable('live_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  event: jsonb('event').notNull(),
});

/** The network summary's latest figures on the exporting side (one row per network). */
export const summarySnapshot = pgTable('summary_snapshot', {
  network: text('network').primaryKey(),
  content: jsonb('content').notNull(),
  asOf: ts('as_of').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Every numbered export of a network summary. */
export const summaryExports = pgTable('summary_exports', {
  sequence: bigserial('sequence', { mode: 'number' }).primaryKey(),
  network: text('network').notNull(),
  asOf: ts('as_of').notNull(),
  exportedAt: ts('exported_at').notNull(),
  exportedBy: text('exported_by').notNull(),
  digest: text('digest').notNull(),
});

/** Every network summary accepted from the other network's instance. */
export const summaryImports = pgTable('summary_imports', {
  id: serial('id').primaryKey(),
  network: text('network').notNull(),
  sequence: bigint('sequence', { mode: 'number' }).notNull(),
  asOf: ts('as_of').notNull(),
  exportedAt: ts('exported_at').notNull(),
  importedAt: ts('imported_at').notNull(),
  importedBy: text('imported_by').notNull(),
  signer: text('signer').notNull(),
  digest: text('digest').notNull(),
  content: jsonb('content').notNull(),
});

/** A closed scorecard month: its hash over every unit's inputs, rules and result. */
export const scorecardCloses = pgTable('scorecard_closes', {
  month: text('month').primaryKey(),
  hash: text('hash').notNull(),
  hashAlgorithm: text('hash_algorithm').notNull(),
  units: integer('units').notNull(),
  closedAt: ts('closed_at').notNull(),
  closedBy: text('closed_by').notNull(),
});

/** One unit's scorecard of a closed month, frozen. */
export const scorecardMonths = pgTable('scorecard_months', {
  month: text('month').notNull(),
  unit: text('unit').notNull(),
  inputs: jsonb('inputs').notNull(),
  rules: jsonb('rules').notNull(),
  result: jsonb('result').notNull(),
  total: doublePrecision('total'),
});

/** A system's cut-over runbook (割接预案): the items done, by whom and when. */
export const cutoverRunbooks = pgTable('cutover_runbooks', {
  system: text('system').primaryKey(),
  items: jsonb('items').notNull(),
  version: integer('version').notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** A system's readiness questionnaire answers (上云评估问卷), version-checked (migration 0030). */
export const readinessAnswers = pgTable('readiness_answers', {
  system: text('system').primaryKey(),
  archetype: text('archetype'),
  answers: jsonb('answers').notNull(),
  version: integer('version').notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Named answer sets (评估模板) a system inherits from. */
export const readinessArchetypes = pgTable('readiness_archetypes', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  answers: jsonb('answers').notNull(),
  version: integer('version').notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** A cut-over taken back (回退): the sign-offs it removed and why. */
export const cutoverRollbacks = pgTable('cutover_rollbacks', {
  id: serial('id').primaryKey(),
  system: text('system').notNull(),
  reason: text('reason').notNull(),
  rolledBackBy: text('rolled_back_by').notNull(),
  rolledBackAt: ts('rolled_back_at').notNull(),
  signoffs: jsonb('signoffs').notNull(),
});

/** An operator's recorded override of the cut-over or retirement evidence (migration 0028). */
export const proofOverrides = pgTable('proof_overrides', {
  id: serial('id').primaryKey(),
  system: text('system').notNull(),
  kind: text('kind').notNull(),
  reason: text('reason').notNull(),
  evidence: jsonb('evidence').notNull(),
  overriddenBy: text('overridden_by').notNull(),
  overriddenAt: ts('overridden_at').notNull(),
  withdrawnBy: text('withdrawn_by'),
  withdrawnAt: ts('withdrawn_at'),
});
