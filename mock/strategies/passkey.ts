/**
 * The passkey strategy (docs/kratos-behavior.md#passkey): discoverable WebAuthn credentials as a passwordless first
 * factor, for browser and api flows. The last first factor cannot be removed; that message lands on a `webauthn_remove`
 * node as in Kratos.
 */
import { randomInt } from 'node:crypto';
import { errors } from '../errors.js';
import { credentialFlagPaths } from '../identity-schema.js';
import { getPath } from '../../spec/json.js';
import type { Identity } from '../store.js';
import { error, genericError, info, inputNode, type UiNode } from '../ui.js';
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
import { scriptNode } from '../webauthn/script.js';
import type { SettingsStrategy, StrategyDeps } from './strategy.js';

const SESSION_KEY = 'passkey_session';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function filled(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** A passkey user handle: the one the identity already has, else 64 random alphanumerics (as Kratos does). */
function userHandle(identity: Identity): string {
  const existing = identity.credentials['passkey']?.config['user_handle'];
  if (typeof existing === 'string') return existing;
  const handle = Array.from({ length: 64 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
  return Buffer.from(handle).toString('base64url');
}

export function createStrategy(deps: StrategyDeps): SettingsStrategy {
  const { config } = deps;
  const passkeyCount = (identity: Identity) => storedCredentials(identity, 'passkey').length;
  /** The trait marked `passkey.display_name` in the identity schema: what the authenticator shows as the account. */
  const displayName = (identity: Identity): string | undefined => {
    for (const path of credentialFlagPaths(config.identitySchema, 'passkey', 'display_name')) {
      const value = getPath(identity.traits, path);
      if (typeof value === 'string' && value !== '') return value;
    }
    return undefined;
  };

  return {
    method: 'passkey',
    group: 'passkey',
    populate({ identity, flow, firstFactorCount }) {
      const passkeys = storedCredentials(identity, 'passkey');
      const count = firstFactorCount(identity);
      const nodes: UiNode[] = passkeys.map((passkey) =>
        removeNode('passkey', 'passkey_remove', passkey, count < 2, { id: 1050020, noun: 'passkey' }),
      );
      const name = displayName(identity);
      if (name === undefined) {
        flow.ui.messages.push(error(4000009, IDENTIFIER_MISSING));
        return nodes;
      }
      const browser = flow.type === 'browser';
      // One script serves both strategies; the webauthn strategy adds it whenever it is enabled on a browser flow.
      if (browser && !config.enabled.webauthn) nodes.push(scriptNode(config.publicBaseUrl));
      const session = pendingSession(flow, SESSION_KEY, () => userHandle(identity));
      nodes.push(
        triggerNode('passkey', 'passkey_register_trigger', {
          value: '',
          ...(browser ? { onclick: 'window.oryPasskeySettingsRegistration()' } : {}),
          onclickTrigger: 'oryPasskeySettingsRegistration',
          label: info(1050019, 'Add passkey'),
        }),
        inputNode('passkey', 'passkey_settings_register', 'hidden'),
        inputNode('passkey', 'passkey_create_data', 'hidden', {
          value: optionsJson(config, { session, userName: name, existing: passkeys, residentKey: true }),
        }),
      );
      return nodes;
    },
    isResponsible: ({ body }) => filled(body['passkey_settings_register']) || filled(body['passkey_remove']),
    isFirstFactor: (identity) => passkeyCount(identity) > 0,
    firstFactorCredentials: passkeyCount,
    async submit(ctx) {
      const body = ctx.submission.body;
      ctx.ensureCsrf();
      if (!ctx.isPrivileged()) return { kind: 'reauth' };
      const passkeys = storedCredentials(ctx.identity, 'passkey');
      if (filled(body['passkey_remove'])) {
        const existing = ctx.identity.credentials['passkey'];
        if (!existing) throw errors.badRequest('You tried to remove a WebAuthn but you have no WebAuthn set up.');
        const removed = findByHexId(passkeys, body['passkey_remove']);
        if (!removed) throw errors.badRequest('You tried to remove a passkey which does not exist.');
        if (ctx.firstFactorCount(ctx.identity) < 2) {
          return { kind: 'invalid', messages: [{ node: 'webauthn_remove', message: genericError(LOCKOUT) }] };
        }
        return {
          kind: 'success',
          identity: withCredentials(
            ctx.identity,
            'passkey',
            passkeys.filter((passkey) => passkey !== removed),
            existing,
          ),
        };
      }
      const { credential: created, session } = registerCredential(config, ctx.flow, SESSION_KEY, String(body['passkey_settings_register']));
      if (isKnownCredential(ctx.identity, created.id)) {
        return { kind: 'invalid', messages: [{ node: 'passkey_settings_register', message: genericError(DUPLICATE) }] };
      }
      const stored = toStored(created, { displayName: displayName(ctx.identity) ?? '', passwordless: true, now: ctx.now() });
      const base = ctx.identity.credentials['passkey'] ?? ctx.store.newCredential('passkey', [], {});
      const identity = withCredentials(ctx.identity, 'passkey', [...passkeys, stored], {
        ...base,
        identifiers: [session.userId],
        config: { ...base.config, user_handle: session.userId },
      });
      return { kind: 'success', identity, authenticationMethod: { method: 'passkey', aal: 'aal1' } };
    },
  };
}
