/** Shared by the webauthn strategy tests: snapshot names, the register nodes' shape, signed-in browser clients and their keys. */
import type { ServerInjectResponse } from '@hapi/hapi';
import { browserSession, json, node, store, type Harness } from './harness.js';
import { optionsOf, type storedKey, type BrowserClient } from './strategy-support.js';

export const SNAPSHOTS = 'strategy-webauthn/TestCompleteSettings-case=';
export const LOCKOUT = 'unable to remove this security key because it would lock you out of your account';

/** docs/kratos-behavior.md#nodes-webauthn and #messages ids, for a browser flow without keys: group webauthn in order. */
export const REGISTER_NODES = [
  {
    type: 'input',
    name: 'webauthn_register_displayname',
    inputType: 'text',
    label: { id: 1050013, text: 'Name of the security key', type: 'info' },
  },
  { type: 'input', name: 'webauthn_register', inputType: 'hidden', label: undefined },
  { type: 'input', name: 'webauthn_register_trigger', inputType: 'button', label: { id: 1050012, text: 'Add security key', type: 'info' } },
  { type: 'script', name: 'webauthn_script', inputType: 'text/javascript', label: undefined },
];

export function shape(nodes: any[]) {
  return nodes.map((entry) => ({
    type: entry.type,
    name: entry.attributes.name ?? entry.attributes.id,
    inputType: entry.attributes.type,
    label: entry.meta.label,
  }));
}

export async function signedIn(h: Harness): Promise<{ client: BrowserClient; identityId: string }> {
  const session = await browserSession(h);
  return { client: { jar: session.jar }, identityId: session.identityId };
}

/** Gives the identity MFA keys and its session the aal2 they make required (docs/kratos-behavior.md#aal, highest_available). */
export function giveKeys(h: Harness, client: BrowserClient, identityId: string, keys: ReturnType<typeof storedKey>[]): void {
  const s = store(h);
  const identity = s.getIdentity(identityId)!;
  const webauthn = s.newCredential('webauthn', [String(identity.traits['email'])], { credentials: keys });
  s.saveIdentity({ ...identity, credentials: { ...identity.credentials, webauthn } });
  const session = s.activeSessionByToken(client.jar.get('ory_kratos_session')!)!;
  s.addAuthenticationMethod(session.id, { method: 'webauthn', aal: 'aal2', completedAt: h.clock.now });
}

export function triggerChallenge(flow: any): string {
  return optionsOf(node(flow, 'webauthn_register_trigger')).publicKey.challenge;
}

export function flowMessages(response: ServerInjectResponse): number[] {
  return (json(response).ui.messages ?? []).map((message: any) => message.id);
}
