/** What provisioning is given (the run's options) and the fact sheet it hands the cases (fixtures, refusals, untested cells). */
import type { Answer, TlsOptions } from './client.js';
import type { Expectation } from './oracle.js';
import type { RequirementId } from './requirements.js';
import type { TraitMaker } from './identities.js';
import type { UnavailableKinds } from './session-kinds.js';
import type { CookieNames, Session } from './sessions.js';
import type { SettingsOperationId } from '../spec/operations.js';

export interface ProvisioningOptions {
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

/** What provisioning learned about the target and made on it before testing; fixed for the whole run. */
export interface TargetFacts {
  /** The methods the target's flows offer (their node groups other than default). */
  readonly methods: ReadonlySet<string>;
  readonly identifierTrait: string;
  /** Discovered at the primary browser login. */
  readonly cookieNames: CookieNames;
  /** Traits of new identities and profile updates, from the target's identity schema. */
  readonly traitMaker: TraitMaker;
  /** The base URL the target calls itself (from ui.action); behind a proxy it differs from the URL we test. */
  readonly publicBaseUrl: string;
  /** The first provider the oidc method offers to link. */
  readonly oidcProvider: string | undefined;
  readonly primary: Session;
  /** A second identity's session: its flows are foreign to the primary. */
  readonly other: Session;
  readonly mfa: MfaFixture | undefined;
  /** A session (token and cookie) whose identity was deleted: it was valid once and is no more. */
  readonly revoked: Session | undefined;
  readonly expiredFlows: { readonly api: string; readonly browser: string } | undefined;
  /** The primary sessions are older than the privileged max age. */
  readonly primaryIsUnprivileged: boolean;
  /**
   * Sessions of identities of their own, as old as the primary ones, for an API and a browser flow: a case
   * re-authenticates one (after which it is privileged again, so it serves one case).
   */
  readonly agedSessions: Readonly<Partial<Record<'api' | 'browser', Session>>>;
  readonly notApplicable: readonly NotApplicable[];
  /** Cells a part of provisioning that failed would have been tested in, with why: they stay not_reached. */
  readonly notReached: readonly NotApplicable[];
  readonly refusals: readonly ProvisioningRefusal[];
  /** The kinds of session the primary login could not get, with why. */
  readonly unavailable: Readonly<UnavailableKinds>;
}
