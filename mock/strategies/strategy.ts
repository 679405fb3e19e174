/**
 * The settings strategy interface.
 *
 * Registration: one module per method in `mock/strategies/`, named after the method (`profile.ts`, `password.ts`,
 * `oidc.ts`, `totp.ts`, `passkey.ts`, `webauthn.ts`, `lookup-secret.ts`), exporting
 * `createStrategy(deps: StrategyDeps): SettingsStrategy`, listed in `registry.ts` in Kratos's order (profile, password,
 * oidc, totp, passkey, webauthn, lookup_secret; docs/kratos-behavior.md#strategy-order). Disabled methods stay
 * registered: a submit one of them claims is answered 404 "disabled" by the core, as Kratos does.
 *
 * A submit goes to the first strategy whose `isResponsible` says yes. Its `submit` may:
 * - return `{ kind: 'success', identity, authenticationMethod? }`: the core re-checks return_to, persists the identity
 *   (a protected change without privilege becomes a re-auth demand), adds the method to the session, sets
 *   `state: success` + message 1050001 and answers per docs/kratos-behavior.md#submit-success-api and the two rows
 *   after it.
 * - return `{ kind: 'invalid', messages, values? }`: messages with a `node` land on that node (a missing node is created
 *   as a text node in group default), without one in `ui.messages`; `values` refill node values. 400 flow / 303
 *   (docs/kratos-behavior.md#dispatch-validation).
 * - return `{ kind: 'reauth', pauseApiFlows? }`: a privileged session is needed
 *   (docs/kratos-behavior.md#dispatch-reauth). The core stores the submitted payload in the continuity container for
 *   browser flows (for every flow type with `pauseApiFlows`).
 * - return `{ kind: 'return_to_ui' }` after changing `ctx.flow.ui` (lookup regenerate/reveal): 200 flow / 303
 *   (docs/kratos-behavior.md#dispatch-return-to-ui).
 * - return `{ kind: 'respond', write }` to write the response itself (OIDC 422/303,
 *   docs/kratos-behavior.md#submit-self-written).
 * - throw a `KratosError` (mock/errors.ts): a 400 becomes message 4000001 with its reason on a 400 flow, any other
 *   status is forwarded as an error (docs/kratos-behavior.md#dispatch-validation, #dispatch-forward), e.g.
 *   `ctx.ensureCsrf()` throws the 403 CSRF violation.
 * `ctx.flow.ui` and `ctx.flow.internalContext` may be changed in place; the core persists the flow afterwards.
 */
import type { Request, ResponseObject, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import type { MockConfig, SettingsMethod } from '../config.js';
import type { Aal, Identity, MemoryStore, Session, SettingsFlow } from '../store.js';
import type { NodeMessage, UiNode, UiNodeGroup } from '../ui.js';

/** The decoded submit: form, multipart or JSON bodies alike, dotted keys (`traits.email`) expanded into objects. */
export interface SettingsSubmission {
  httpMethod: 'GET' | 'POST';
  body: Record<string, unknown>;
  query: Record<string, string>;
  /** docs/kratos-behavior.md#json-client */
  isJson: boolean;
}

export interface PopulateContext {
  config: MockConfig;
  identity: Identity;
  flow: SettingsFlow;
  now(): number;
  /** How many first-factor credentials the identity has, counted by every registered strategy. */
  firstFactorCount(identity: Identity): number;
}

export interface SubmitContext extends PopulateContext {
  store: MemoryStore;
  session: Session;
  submission: SettingsSubmission;
  newId(): string;
  /** Throws the KratosError Kratos's EnsureCSRF gives for this flow type (docs/kratos-behavior.md#csrf-submit). */
  ensureCsrf(): void;
  /**
   * `authenticated_at + privileged_session_max_age > now`, or max age ≤ 0 (docs/kratos-behavior.md#privileged-session).
   */
  isPrivileged(): boolean;
  /** `<public base URL><path>`. */
  publicUrl(path: string): string;
}

export type StrategyResult =
  | { kind: 'success'; identity: Identity; authenticationMethod?: { method: string; aal: Aal } }
  | { kind: 'invalid'; messages: NodeMessage[]; values?: Record<string, unknown> }
  | { kind: 'reauth'; pauseApiFlows?: boolean }
  | { kind: 'return_to_ui' }
  | { kind: 'respond'; write: (request: Request, h: ResponseToolkit) => ResponseObject };

/** What a strategy module receives at start. */
export interface StrategyDeps {
  config: MockConfig;
  store: MemoryStore;
  now(): number;
  newId(): string;
  /**
   * Finishes a settings flow outside a submit (the OIDC callback): runs the success pipeline for `identity` on the flow
   * and answers as docs/kratos-behavior.md#submit-success-api (and the two rows after it) says.
   */
  completeSettings(
    request: Request,
    h: ResponseToolkit,
    input: {
      flowId: string;
      sessionId: string;
      identity: Identity;
      authenticationMethod?: { method: string; aal: Aal };
    },
  ): Promise<ResponseObject>;
}

export interface SettingsStrategy {
  readonly method: SettingsMethod;
  readonly group: UiNodeGroup;
  /** The nodes this strategy adds to a settings flow for this identity and flow type (unsorted; the core sorts). */
  populate(ctx: PopulateContext): UiNode[] | Promise<UiNode[]>;
  /** Kratos's "not ErrStrategyNotResponsible": whether this submit belongs to this strategy. */
  isResponsible(submission: SettingsSubmission, flow: SettingsFlow): boolean;
  submit(ctx: SubmitContext): Promise<StrategyResult>;
  /** The identity holds a first-factor credential of this strategy (password, oidc, passkey, passwordless webauthn). */
  isFirstFactor?(identity: Identity): boolean;
  /** How many first-factor credentials it holds (one per OIDC provider or passkey, as Kratos counts); default 0 or 1. */
  firstFactorCredentials?(identity: Identity): number;
  /** The identity holds a second factor of this strategy: it makes aal2 available (docs/kratos-behavior.md#aal). */
  isSecondFactor?(identity: Identity): boolean;
  /** Extra routes the strategy serves (the OIDC callback, the fake provider). */
  routes?(): ServerRoute[];
  /** Routes of the fake identity provider, served on the provider's own origin. */
  providerRoutes?(): ServerRoute[];
}
