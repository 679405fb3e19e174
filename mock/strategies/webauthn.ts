/**
 * The webauthn strategy (docs/kratos-behavior.md#webauthn): security keys as a second factor, browser flows only.
 * Registration checks a real PublicKeyCredential against the challenge this flow issued; removal keeps the last
 * passwordless key.
 */
import { errors } from '../errors.js';
import { identifiersFromTraits } from '../identity-schema.js';
import type { Identity } from '../store.js';
import { error, genericError, info, inputNode, type NodeMessage, type UiNode } from '../ui.js';
import {
  DUPLICATE,
  IDENTIFIER_MISSING,
  LOCKOUT,
  findByHexId,
  isKnownCredential,
  optionsJson,
  pendingSession,
  registerCredential,
  removeNode,
  storedCredentials,
  toStored,
  triggerNode,
  withCredentials,
} from '../webauthn/credentials.js';
import { scriptNode, scriptRoute } from '../webauthn/script.js';
import type { SettingsStrategy, StrategyDeps } from './strategy.js';

const SESSION_KEY = 'webauthn_session';
const FIELDS = ['webauthn_register', 'webauthn_register_displayname', 'webauthn_remove'];

function filled(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** Kratos's settings schema: string fields, and a non-empty display name when a key is registered. */
function schemaMessages(body: Record<string, unknown>): NodeMessage[] {
  const messages: NodeMessage[] = [];
  for (const field of FIELDS) {
    const value = body[field];
    if (value === undefined || typeof value === 'string') continue;
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    messages.push({
      node: field,
      message: error(4000026, `expected string, but got ${actual}`, { actual_type: actual, expected_types: ['string'] }),
    });
  }
  if (messages.length > 0 || !filled(body['webauthn_register'])) return messages;
  // An empty name counts as not sent, in JSON as in forms: Kratos answers "missing" for the flow's own empty node value,
  // https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/webauthn/settings_test.go#L242-L253
  const displayName = body['webauthn_register_displayname'];
  if (displayName === undefined || displayName === '') {
    const property = 'webauthn_register_displayname';
    messages.push({ node: property, message: error(4000002, `Property ${property} is missing.`, { property }) });
  }
  return messages;
}

/** The WebAuthn user handle: the identity id's bytes, as Kratos uses them. */
function userHandle(identity: Identity): string {
  return Buffer.from(identity.id, 'utf8').toString('base64url');
}

export function createStrategy(deps: StrategyDeps): SettingsStrategy {
  const { config } = deps;
  const passwordlessCount = (identity: Identity) => storedCredentials(identity, 'webauthn').filter((key) => key.is_passwordless).length;
  const userName = (identity: Identity) => identifiersFromTraits(config.identitySchema, identity.traits, 'webauthn')[0] ?? identity.id;

  return {
    method: 'webauthn',
    group: 'webauthn',
    populate({ identity, flow, firstFactorCount }) {
      if (flow.type !== 'browser') return [];
      const keys = storedCredentials(identity, 'webauthn');
      const count = firstFactorCount(identity);
      const nodes: UiNode[] = keys.map((key) =>
        removeNode('webauthn', 'webauthn_remove', key, key.is_passwordless && count < 2, { id: 1050018, noun: 'security key' }),
      );
      const session = pendingSession(flow, SESSION_KEY, () => userHandle(identity));
      const options = optionsJson(config, { session, userName: userName(identity), existing: keys, residentKey: false });
      nodes.push(
        inputNode('webauthn', 'webauthn_register_displayname', 'text', { value: '', label: info(1050013, 'Name of the security key') }),
        inputNode('webauthn', 'webauthn_register', 'hidden', { value: '' }),
        triggerNode('webauthn', 'webauthn_register_trigger', {
          // The options also go into `value`, where a caller without an argument finds them:
          // https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/x/webauthnx/nodes.go#L23-L31
          value: options,
          onclick: `window.oryWebAuthnRegistration(${options})`,
          onclickTrigger: 'oryWebAuthnRegistration',
          label: info(1050012, 'Add security key'),
        }),
        scriptNode(config.publicBaseUrl),
      );
      return nodes;
    },
    isResponsible: ({ body }, flow) => flow.type === 'browser' && (filled(body['webauthn_register']) || filled(body['webauthn_remove'])),
    isFirstFactor: (identity) => passwordlessCount(identity) > 0,
    firstFactorCredentials: passwordlessCount,
    isSecondFactor: (identity) => storedCredentials(identity, 'webauthn').some((key) => !key.is_passwordless),
    routes: () => [scriptRoute],
    async submit(ctx) {
      const body = ctx.submission.body;
      const invalidSchema = schemaMessages(body);
      if (invalidSchema.length > 0) return { kind: 'invalid', messages: invalidSchema };
      ctx.ensureCsrf();
      if (!ctx.isPrivileged()) return { kind: 'reauth' };
      const keys = storedCredentials(ctx.identity, 'webauthn');
      const register = body['webauthn_register'];
      if (!filled(register)) {
        const existing = ctx.identity.credentials['webauthn'];
        if (!existing) throw errors.badRequest('You tried to remove a WebAuthn but you have no WebAuthn set up.');
        const removed = findByHexId(keys, String(body['webauthn_remove']));
        if (!removed) throw errors.badRequest('You tried to remove a WebAuthn credential which does not exist.');
        if (removed.is_passwordless && ctx.firstFactorCount(ctx.identity) < 2) {
          return { kind: 'invalid', messages: [{ node: 'webauthn_remove', message: genericError(LOCKOUT) }] };
        }
        return {
          kind: 'success',
          identity: withCredentials(
            ctx.identity,
            'webauthn',
            keys.filter((key) => key !== removed),
            existing,
          ),
        };
      }
      const { credential: created } = registerCredential(config, ctx.flow, SESSION_KEY, register);
      if (isKnownCredential(ctx.identity, created.id)) {
        return { kind: 'invalid', messages: [{ node: 'webauthn_register', message: genericError(DUPLICATE) }] };
      }
      const identifiers = identifiersFromTraits(config.identitySchema, ctx.identity.traits, 'webauthn');
      if (identifiers.length === 0) return { kind: 'invalid', messages: [{ message: error(4000009, IDENTIFIER_MISSING) }] };
      const stored = toStored(created, { displayName: String(body['webauthn_register_displayname']), passwordless: false, now: ctx.now() });
      const base = ctx.identity.credentials['webauthn'] ?? ctx.store.newCredential('webauthn', identifiers, {});
      const identity = withCredentials(ctx.identity, 'webauthn', [...keys, stored], {
        ...base,
        identifiers,
        config: { ...base.config, user_handle: userHandle(ctx.identity) },
      });
      return { kind: 'success', identity, authenticationMethod: { method: 'webauthn', aal: 'aal2' } };
    },
  };
}
