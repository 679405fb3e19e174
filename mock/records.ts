/**
 * The records the mock keeps (mock/store.ts holds them): identities with their credentials, sessions, flows,
 * continuity and error containers. Data only, with times as epoch milliseconds.
 */
import type { UiNode, UiText } from './ui.js';

export type Aal = 'aal1' | 'aal2';
export type FlowType = 'browser' | 'api';

export interface Credential {
  type: string;
  identifiers: string[];
  /** Secrets (hashes, TOTP keys, codes, keys); never serialised by the admin API. */
  config: Record<string, unknown>;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface Identity {
  id: string;
  schemaId: string;
  traits: Record<string, unknown>;
  state: 'active' | 'inactive';
  metadataPublic: unknown;
  credentials: Record<string, Credential>;
  /** Verified addresses and when each was verified (a verification flow's code). */
  verifiedAddresses?: Record<string, number>;
  createdAt: number;
  updatedAt: number;
}

export interface AuthenticationMethod {
  method: string;
  aal: Aal;
  completedAt: number;
}

export interface Session {
  id: string;
  token: string;
  identityId: string;
  active: boolean;
  issuedAt: number;
  expiresAt: number;
  authenticatedAt: number;
  aal: Aal;
  methods: AuthenticationMethod[];
}

export interface UiState {
  nodes: UiNode[];
  messages: UiText[];
}

export interface SettingsFlow {
  id: string;
  type: FlowType;
  issuedAt: number;
  expiresAt: number;
  requestUrl: string;
  identityId: string;
  state: 'show_form' | 'success';
  ui: UiState;
  /** Action URL's flow id: after success the UI comes from a fresh flow (docs/kratos-behavior.md#success-action). */
  actionFlowId: string;
  /** Strategy scratch space (pending TOTP key, regenerated lookup codes); never serialised. */
  internalContext: Record<string, unknown>;
  continueWith?: unknown[];
}

export interface LoginFlow {
  id: string;
  type: FlowType;
  issuedAt: number;
  expiresAt: number;
  requestUrl: string;
  returnTo?: string;
  refresh: boolean;
  requestedAal: Aal;
  /** The session the flow upgrades (refresh or aal2), if any. */
  sessionId?: string;
  ui: UiState;
  state: 'choose_method' | 'passed_challenge';
}

/** A pending settings submit, stored while the user re-authenticates (docs/kratos-behavior.md#continuity). */
export interface ContinuityContainer {
  id: string;
  identityId: string;
  flowId: string;
  payload: Record<string, unknown>;
  expiresAt: number;
}

export interface ErrorContainer {
  id: string;
  error: unknown;
  createdAt: number;
}

/** A session is aal2 once it holds a second-factor method next to a first factor. */
export function aalOf(methods: AuthenticationMethod[]): Aal {
  return methods.some((method) => method.aal === 'aal2') ? 'aal2' : 'aal1';
}
