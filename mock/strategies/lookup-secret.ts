/**
 * The lookup_secret strategy (docs/kratos-behavior.md#lookup-secret): backup codes; regenerate and reveal return to the
 * UI.
 */
import { randomInt } from 'node:crypto';
import { errors } from '../errors.js';
import { isTruthy } from '../http/body.js';
import type { Identity, SettingsFlow } from '../store.js';
import { info, submitNode, textNode, type UiNode, type UiText } from '../ui.js';
import type { SettingsStrategy } from './strategy.js';

const PENDING_KEY = 'lookup_secret_codes';
const CODE_COUNT = 12;
const CODE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface LookupCode {
  code: string;
  used_at?: string;
}

export function lookupCodes(identity: Identity): LookupCode[] {
  const codes = identity.credentials['lookup_secret']?.config['recovery_codes'];
  return Array.isArray(codes) ? (codes as LookupCode[]) : [];
}

function newCode(): string {
  let code = '';
  for (let index = 0; index < 8; index++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

function goTime(iso: string): string {
  return `${iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '')} +0000 UTC`;
}

function codesNode(codes: LookupCode[]): UiNode {
  const secrets: UiText[] = codes.map(({ code, used_at: usedAt }) =>
    usedAt
      ? info(1050014, `Secret was used at ${goTime(usedAt)}`, { used_at: usedAt, used_at_unix: Math.floor(Date.parse(usedAt) / 1000) })
      : info(1050009, code, { secret: code }),
  );
  const text = codes.map(({ code, used_at: usedAt }) => (usedAt ? 'used' : code)).join(', ');
  return textNode(
    'lookup_secret',
    'lookup_secret_codes',
    info(1050015, text, { secrets }),
    info(1050010, 'These are your back up recovery codes. Please keep them in a safe place!'),
  );
}

const reveal = () => submitNode('lookup_secret', 'lookup_secret_reveal', 'true', info(1050007, 'Reveal backup recovery codes'));
const regenerate = () =>
  submitNode('lookup_secret', 'lookup_secret_regenerate', 'true', info(1050008, 'Generate new backup recovery codes'));
const disable = () => submitNode('lookup_secret', 'lookup_secret_disable', 'true', info(1050016, 'Disable this method'));
const confirm = () => submitNode('lookup_secret', 'lookup_secret_confirm', 'true', info(1050011, 'Confirm backup recovery codes'));

function replaceGroupNodes(flow: SettingsFlow, nodes: UiNode[]): void {
  flow.ui.nodes = [...flow.ui.nodes.filter((node) => node.group !== 'lookup_secret'), ...nodes];
}

export function createStrategy(): SettingsStrategy {
  return {
    method: 'lookup_secret',
    group: 'lookup_secret',
    populate: ({ identity }) => (lookupCodes(identity).length > 0 ? [reveal(), disable()] : [regenerate()]),
    isResponsible: ({ body }) =>
      ['lookup_secret_reveal', 'lookup_secret_regenerate', 'lookup_secret_confirm', 'lookup_secret_disable'].some((key) =>
        isTruthy(body[key]),
      ),
    isSecondFactor: (identity) => lookupCodes(identity).length > 0,
    async submit(ctx) {
      const body = ctx.submission.body;
      ctx.ensureCsrf();
      if (!ctx.isPrivileged()) return { kind: 'reauth' };
      if (isTruthy(body['lookup_secret_confirm'])) {
        const pending = ctx.flow.internalContext[PENDING_KEY];
        if (!Array.isArray(pending)) throw errors.badRequest('You must (re-)generate recovery backup codes before you can save them.');
        delete ctx.flow.internalContext[PENDING_KEY];
        const credential = ctx.store.newCredential('lookup_secret', [ctx.identity.id], { recovery_codes: pending });
        return {
          kind: 'success',
          identity: { ...ctx.identity, credentials: { ...ctx.identity.credentials, lookup_secret: credential } },
          authenticationMethod: { method: 'lookup_secret', aal: 'aal2' },
        };
      }
      if (isTruthy(body['lookup_secret_reveal'])) {
        const codes = lookupCodes(ctx.identity);
        if (codes.length === 0) throw errors.badRequest('Can not reveal lookup codes because you have none.');
        replaceGroupNodes(ctx.flow, [codesNode(codes), disable(), regenerate()]);
        return { kind: 'return_to_ui' };
      }
      if (isTruthy(body['lookup_secret_disable'])) {
        const credentials = { ...ctx.identity.credentials };
        delete credentials['lookup_secret'];
        return { kind: 'success', identity: { ...ctx.identity, credentials } };
      }
      const codes: LookupCode[] = Array.from({ length: CODE_COUNT }, () => ({ code: newCode() }));
      ctx.flow.internalContext[PENDING_KEY] = codes;
      replaceGroupNodes(ctx.flow, [codesNode(codes), confirm()]);
      return { kind: 'return_to_ui' };
    },
  };
}
