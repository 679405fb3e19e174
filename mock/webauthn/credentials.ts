/** What the webauthn and passkey strategies share: the stored credential list, the relying party, the UI nodes. */
import type { MockConfig } from '../config.js';
import { errors } from '../errors.js';
import type { Credential, Identity, SettingsFlow } from '../store.js';
import { info, inputNode, type UiNode, type UiNodeGroup, type UiText } from '../ui.js';
import {
  base64UrlToHex,
  creationOptions,
  newRegistrationSession,
  RegistrationError,
  verifyRegistration,
  type NewCredential,
  type RegistrationSession,
  type StoredWebAuthnCredential,
} from './registration.js';

/** The relying party name shown by authenticators. */
const RP_NAME = 'Kratos Settings Mock';

export function storedCredentials(identity: Identity, type: 'webauthn' | 'passkey'): StoredWebAuthnCredential[] {
  const list = identity.credentials[type]?.config['credentials'];
  return Array.isArray(list) ? (list as StoredWebAuthnCredential[]) : [];
}

/** The relying party: the configured id or the public URL's host, and the origins a registering page may have (the mock and its UIs). */
export function relyingParty(config: MockConfig): { id: string; origins: string[] } {
  const origins = [config.publicBaseUrl, config.ui.settings, config.ui.login, config.ui.error].map(
    (url) => new URL(url, config.publicBaseUrl).origin,
  );
  return { id: config.webauthnRpId ?? new URL(config.publicBaseUrl).hostname, origins: [...new Set(origins)] };
}

/** The ceremony this flow issued, if any. */
function issuedSession(flow: SettingsFlow, key: string): RegistrationSession | undefined {
  const existing = flow.internalContext[key] as Partial<RegistrationSession> | undefined;
  if (typeof existing?.challenge === 'string' && typeof existing.userId === 'string') {
    return { challenge: existing.challenge, userId: existing.userId };
  }
  return undefined;
}

/** The ceremony pending in this flow, created on first use so the options shown and the check agree. */
export function pendingSession(flow: SettingsFlow, key: string, userId: () => string): RegistrationSession {
  const existing = issuedSession(flow, key);
  if (existing) return existing;
  const session = newRegistrationSession(userId());
  flow.internalContext[key] = session;
  return session;
}

/**
 * Checks a submitted credential against the flow's ceremony. Failures are the client's: 400, which the core turns
 * into message 4000001 (Kratos answers 500 for the verification stage; the mock never answers 500 to a client).
 */
export function registerCredential(
  config: MockConfig,
  flow: SettingsFlow,
  key: string,
  json: string,
): { credential: NewCredential; session: RegistrationSession } {
  const session = issuedSession(flow, key);
  if (!session) throw errors.badRequest('Expected WebAuthN in internal context to be an object.');
  const party = relyingParty(config);
  try {
    return { credential: verifyRegistration(json, { session, rpId: party.id, origins: party.origins }), session };
  } catch (failure) {
    if (!(failure instanceof RegistrationError)) throw failure;
    if (failure.stage === 'parse') throw errors.badRequest(`Unable to parse WebAuthn response: ${failure.message}`);
    throw errors.badRequest(`Unable to create WebAuthn credential: ${failure.message}`);
  }
}

export const LOCKOUT = 'unable to remove this security key because it would lock you out of your account';
export const DUPLICATE = 'this security key or passkey is already registered with your account';
export const IDENTIFIER_MISSING =
  'Could not find any login identifiers. Did you forget to set them? This could also be caused by a server misconfiguration.';

/** Whether the identity already holds this credential id as a security key or a passkey. */
export function isKnownCredential(identity: Identity, id: string): boolean {
  return [...storedCredentials(identity, 'webauthn'), ...storedCredentials(identity, 'passkey')].some((credential) => credential.id === id);
}

export function optionsJson(
  config: MockConfig,
  input: {
    session: RegistrationSession;
    userName: string;
    existing: StoredWebAuthnCredential[];
    residentKey: boolean;
  },
): string {
  return JSON.stringify(
    creationOptions({
      rpId: relyingParty(config).id,
      rpName: RP_NAME,
      session: input.session,
      userName: input.userName,
      excludeCredentialIds: input.existing.map((credential) => credential.id),
      residentKey: input.residentKey,
    }),
  );
}

/** RFC 3339 in whole seconds, as Kratos rounds `added_at`. */
function secondsRfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function toStored(
  credential: NewCredential,
  input: { displayName: string; passwordless: boolean; now: number },
): StoredWebAuthnCredential {
  return {
    id: credential.id,
    public_key: credential.publicKey,
    attestation_type: credential.attestationType,
    authenticator: { aaguid: credential.aaguid, sign_count: credential.signCount },
    display_name: input.displayName,
    added_at: secondsRfc3339(input.now),
    is_passwordless: input.passwordless,
  };
}

/** The identity with this credential list (the credential type removed when the list is empty). */
export function withCredentials(
  identity: Identity,
  type: 'webauthn' | 'passkey',
  list: StoredWebAuthnCredential[],
  base: Credential,
): Identity {
  const credentials = { ...identity.credentials };
  if (list.length === 0) delete credentials[type];
  else credentials[type] = { ...base, config: { ...base.config, credentials: list } };
  return { ...identity, credentials };
}

/** The remove button of one credential: value is the hex credential id, label 1050018 / 1050020 with its context. */
export function removeNode(
  group: UiNodeGroup,
  name: string,
  credential: StoredWebAuthnCredential,
  disabled: boolean,
  label: { id: number; noun: string },
): UiNode {
  const displayName = credential.display_name || 'unnamed';
  const addedAt = Date.parse(credential.added_at);
  const text: UiText = info(label.id, `Remove ${label.noun} "${displayName}"`, {
    added_at: credential.added_at,
    added_at_unix: Math.floor(addedAt / 1000),
    display_name: displayName,
  });
  return inputNode(group, name, 'submit', { value: base64UrlToHex(credential.id), disabled, label: text });
}

/** A button input with Kratos's attribute order (name, type, value, disabled, onclick, onclickTrigger, node_type). */
export function triggerNode(
  group: UiNodeGroup,
  name: string,
  input: {
    value?: string;
    onclick?: string;
    onclickTrigger: string;
    label: UiText;
  },
): UiNode {
  const attributes: Record<string, unknown> = { name, type: 'button' };
  if (input.value !== undefined) attributes['value'] = input.value;
  attributes['disabled'] = false;
  if (input.onclick !== undefined) attributes['onclick'] = input.onclick;
  attributes['onclickTrigger'] = input.onclickTrigger;
  return { type: 'input', group, attributes: { ...attributes, node_type: 'input' }, messages: [], meta: { label: input.label } };
}

/** The hex credential id a remove button carries, matched against the stored base64url ids. */
export function findByHexId(list: StoredWebAuthnCredential[], hexId: string): StoredWebAuthnCredential | undefined {
  return list.find((credential) => base64UrlToHex(credential.id) === hexId);
}
