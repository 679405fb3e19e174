/** What provisioning is given (the run's options) and what it hands the cases (fixtures, refusals, untested cells). */
import type { Answer, TlsOptions } from './client.js';
import type { Expectation } from './oracle.js';
import type { RequirementId } from './requirements.js';
import type { Session } from './sessions.js';
import type { SettingsOperationId } from '../spec/operations.js';

export interface WorldOptions {
  target: string;
  adminUrl: string;
  seed: number;
  timeoutMs: number;
  flowLifespanMs: number;
  privilegedMaxAgeMs: number;
  maxWaitMs: number;
  /** As declared (--required-aal): with highest_available an AAL1 session of an identity with a second factor is refused. */
  requiredAal: RequiredAal;
  /** Retries of an idempotent request that got no answer. */
  retries?: number;
  signal?: AbortSignal;
  /** "Name: value" lines sent with every request to the public and to the admin API. */
  headers?: readonly string[];
  adminHeaders?: readonly string[];
  tls?: TlsOptions;
  /** How many fresh sessions to make ahead of need (0: each when asked for). */
  prefetchSessions?: number;
  identities?: ReadonlyArray<{ identifier: string; password: string }>;
  schemaId?: string;
}

export type RequiredAal = 'highest_available' | 'aal1';

/** A settings endpoint that refused a session provisioning had just obtained: a conformance failure to check. */
export interface ProvisioningRefusal {
  operationId: 'createNativeSettingsFlow' | 'createBrowserSettingsFlow';
  answer: Answer;
  expectation: Expectation;
}

/** A requirement this target cannot be tested for, and the cell it would have been tested in. */
export interface NotApplicable {
  requirement: RequirementId;
  operationId: SettingsOperationId;
  status: number;
  reason: string;
}

export interface MfaFixture {
  /** An AAL1 session (token and browser cookie) of an identity that has TOTP. */
  aal1: Session;
  flows: { api: string; browser: string };
}
