/** What a submit sends for each method and input, and how its effect is seen; creating the flow it goes to. */
import { isPlainObject } from '../../spec/json.js';
import { JSON_CLIENT } from '../arbitraries.js';
import { creationOptionsOf, optionsInScript, register, type CreationOptions } from '../authenticator.js';
import type { EffectEvidence } from '../checks/index.js';
import type { Answer } from '../client.js';
import { CookieJar } from '../cookies.js';
import { observe, type CaseContext } from '../harness.js';
import { expectBrowserInit, expectNativeInit, type CsrfSituation, type Encoding, type FlowType, type SubmitMethod } from '../oracle.js';
import { initUrl, withAccept } from '../requests.js';
import { tryPasswordLogin } from '../session-kinds.js';
import { totpSecretOf, whoami, type Session } from '../sessions.js';
import { totp } from '../totp.js';
import { nodesOf } from '../ui-nodes.js';

/** A copy of `traits` with a dotted path set. */
function withTrait(traits: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(traits);
  const parts = path.split('.');
  let current = copy;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(current[part])) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts.at(-1) ?? path] = value;
  return copy;
}

export function profileBody(traits: Record<string, unknown>): Record<string, unknown> {
  return { method: 'profile', traits };
}

export function withCsrf(
  body: Record<string, unknown>,
  csrf: CsrfSituation,
  token: string | undefined,
  seed: number,
): Record<string, unknown> {
  if (csrf === 'missing') return body;
  return { ...body, csrf_token: csrf === 'valid' ? (token ?? '') : `wrong-${seed.toString(36)}-token` };
}

/** Creates a flow of the session's identity, checked like any init (JSON client: 200 with the flow). */
export async function createOwnFlow(
  context: CaseContext,
  session: Session,
  flowType: FlowType,
  jar: CookieJar | undefined,
  returnTo?: string,
) {
  const situation = {
    session: 'valid' as const,
    client: JSON_CLIENT,
    returnTo: returnTo === undefined ? ('none' as const) : ('allowed' as const),
  };
  if (flowType === 'api') {
    return observe(
      context,
      'createNativeSettingsFlow',
      { method: 'GET', url: initUrl('api', undefined), headers: { accept: 'application/json', 'x-session-token': session.token } },
      { expectation: expectNativeInit(situation) },
    );
  }
  const credentials = jar ? { jar } : { headers: { 'x-session-token': session.token } };
  return observe(
    context,
    'createBrowserSettingsFlow',
    { method: 'GET', url: initUrl('browser', returnTo), ...withAccept(JSON_CLIENT, credentials) },
    { expectation: expectBrowserInit(situation) },
  );
}

/** The methods a submit may use against this target: what its flows offer, plus an unknown one. */
export function submitMethods(context: CaseContext): SubmitMethod[] {
  const offered = (['profile', 'password', 'totp', 'lookup_secret', 'webauthn', 'passkey'] as const).filter((method) =>
    context.target.methods.has(method),
  );
  const methods: SubmitMethod[] = [...offered, 'unknown'];
  if (context.target.oidcProvider !== undefined) methods.push('oidc');
  return methods.filter((method) => context.provisioner.maySubmitOnFreshSession(method));
}

/** The session and the way the submit reached the target; effects are looked at the same way. */
export interface SubmitVia {
  session: Session;
  flowType: FlowType;
  jar: CookieJar | undefined;
  answer: Answer;
}

const MAX_LINK_HOPS = 6;

/**
 * Follows a link's redirects like a browser, as long as they stay on the target (the mock's built-in provider signs
 * in at once); a real provider elsewhere would need a person, so linking is then left unfinished.
 */
export async function followLink(context: CaseContext, answer: Answer, jar: CookieJar): Promise<boolean> {
  const { target, provisioner } = context;
  const origins = new Set([new URL(provisioner.options.target).origin, new URL(target.publicBaseUrl).origin]);
  const body = answer.json as { redirect_browser_to?: unknown } | undefined;
  const first = typeof body?.redirect_browser_to === 'string' ? body.redirect_browser_to : answer.exchange.response.headers['location'];
  let next = typeof first === 'string' ? new URL(first, answer.exchange.request.url) : undefined;
  for (let hop = 0; next && hop < MAX_LINK_HOPS; hop += 1) {
    if (!origins.has(next.origin)) return false;
    const target = new URL(next.pathname + next.search, provisioner.options.target);
    const step = await provisioner.client.send({ method: 'GET', url: target.href, headers: { accept: 'text/html' }, jar });
    const location = step.exchange.response.headers['location'];
    if (step.status < 300 || step.status >= 400 || typeof location !== 'string') return step.status < 400;
    next = new URL(location, target);
  }
  return next === undefined;
}

/** The registration options a flow offers: webauthn's in its trigger's onclick, passkey's in passkey_create_data. */
function registrationOptionsOf(method: 'webauthn' | 'passkey', flow: unknown): CreationOptions | undefined {
  const nodes = nodesOf(flow);
  if (method === 'passkey') {
    const data = nodes.find((node) => node.attributes['name'] === 'passkey_create_data')?.attributes['value'];
    return typeof data === 'string' ? creationOptionsOf(data) : undefined;
  }
  const onclick = nodes.find((node) => node.attributes['name'] === 'webauthn_register_trigger')?.attributes['onclick'];
  const json = typeof onclick === 'string' ? optionsInScript(onclick) : undefined;
  return json === undefined ? undefined : creationOptionsOf(json);
}

/**
 * Cut-off JSON: the target cannot parse it as a WebAuthn response ("Unable to parse WebAuthn response",
 * docs/kratos-behavior.md#webauthn-bad-response).
 */
const UNPARSABLE_REGISTRATION = '{"id": "not a registration"';

export interface SubmitPlan {
  /** A submit made first on the same flow (adding an optional trait the main submit then leaves out). */
  prepare?: Record<string, unknown>;
  body: Record<string, unknown>;
  /** For invalid traits: the `traits.*` node whose messages must say what is wrong. */
  invalidNode?: string;
  effect?: (via: SubmitVia) => Promise<EffectEvidence>;
  /** Set when the asked-for input cannot be sent (no registration options offered, a schema nothing breaks): what is. */
  input?: 'valid' | 'invalid';
}

export interface SubmitIntent {
  session: Session;
  method: SubmitMethod;
  input: 'valid' | 'invalid';
  /** The flow as the target last showed it (its TOTP secret, its registration options). */
  flow: unknown;
  /** Tags what the submit creates (a password, a key's name) with the case. */
  runTag: string;
  encoding?: Encoding;
}

/** The body of a submit for one method and input, and how to see its effect if it succeeds. */
export function planSubmit(context: CaseContext, { session, method, input, flow, runTag, encoding = 'json' }: SubmitIntent): SubmitPlan {
  const { target, provisioner } = context;
  switch (method) {
    case 'profile': {
      // Valid and invalid traits both come from the target's identity schema.
      if (input === 'invalid') {
        const invalid = target.traitMaker.invalid(session.identity.traits, runTag, encoding === 'form');
        if (invalid) return { body: profileBody(invalid.traits), invalidNode: invalid.node };
      }
      const update = provisioner.profileUpdate();
      const { identifier } = update;
      // Traits are replaced whole: an optional trait set first and then left out must be gone afterwards.
      const optional = target.traitMaker.optionalTrait(runTag, update.traits);
      // A trait drawn as an empty object may be stored or dropped: the traits check accepts both.
      const traits = optional?.traits ?? update.traits;
      const prepare = optional
        ? { method: 'profile', traits: withTrait(session.identity.traits, optional.path, optional.value) }
        : undefined;
      return {
        ...(prepare ? { prepare } : {}),
        body: profileBody(traits),
        ...(input === 'invalid' ? { input: 'valid' as const } : {}),
        effect: async ({ session: current }) => {
          current.identity.identifier = identifier;
          current.identity.traits = traits;
          return { kind: 'traits', expectedTraits: traits, whoami: (await whoami(provisioner.client, { token: current.token })).exchange };
        },
      };
    }
    case 'password': {
      if (input === 'invalid') return { body: { method: 'password', password: 'ab1' } };
      const password = `New-${runTag}-${context.seed.toString(36)}-Qx7!mZ2p`;
      return {
        body: { method: 'password', password },
        effect: async ({ session: current }) => {
          const oldPassword = current.identity.password;
          // Independent of each other, so tried side by side.
          const [newPasswordLogin, oldPasswordLogin] = await Promise.all([
            tryPasswordLogin(provisioner.client, current.identity.identifier, password, target.unavailable),
            tryPasswordLogin(provisioner.client, current.identity.identifier, oldPassword, target.unavailable),
          ]);
          current.identity.password = password;
          return { kind: 'password', newPasswordLogin: newPasswordLogin.exchange, oldPasswordLogin: oldPasswordLogin.exchange };
        },
      };
    }
    case 'totp': {
      const secret = totpSecretOf(flow);
      const code = secret === undefined ? '000000' : totp(secret, Date.now());
      // A code that differs from the right one in its last digit is never right for this time step.
      const wrong = code.slice(0, 5) + String((Number(code.at(-1)) + 1) % 10);
      return {
        body: { method: 'totp', totp_code: input === 'valid' ? code : wrong },
        ...(input === 'valid'
          ? {
              // The session that set TOTP up is AAL2 now; another session of the identity would be asked for AAL2.
              effect: async ({ session: current, flowType, jar }: SubmitVia) => ({
                kind: 'totp' as const,
                refetchedFlow: (await provisioner.createFlow(current, flowType, 'cookie', jar)).exchange,
              }),
            }
          : {}),
      };
    }
    case 'lookup_secret':
      return {
        body:
          input === 'valid'
            ? { method: 'lookup_secret', lookup_secret_regenerate: true }
            : { method: 'lookup_secret', lookup_secret_confirm: true },
      };
    case 'webauthn':
    case 'passkey': {
      const options = registrationOptionsOf(method, flow);
      const registration =
        input === 'valid' && options !== undefined
          ? JSON.stringify(register(options, new URL(target.publicBaseUrl).origin))
          : UNPARSABLE_REGISTRATION;
      const body =
        method === 'webauthn'
          ? { method, webauthn_register: registration, webauthn_register_displayname: `key-${runTag}` }
          : { method, passkey_settings_register: registration };
      // Kratos offers no passkey options to an identity without a passkey display name (4000009,
      // docs/kratos-behavior.md#nodes-passkey-no-name).
      if (input === 'invalid' || options === undefined) return { body, input: 'invalid' };
      return {
        body,
        effect: async ({ session: current, flowType, jar }) => ({
          kind: 'security-key',
          group: method,
          refetchedFlow: (await provisioner.createFlow(current, flowType, 'cookie', jar)).exchange,
        }),
      };
    }
    case 'oidc': {
      const provider = target.oidcProvider ?? '';
      if (input === 'invalid') return { body: { method: 'oidc', link: 'no-such-provider-conformance' } };
      return {
        body: { method: 'oidc', link: provider },
        effect: async ({ session: current, flowType, jar, answer }) => {
          const completed = await followLink(context, answer, jar ?? new CookieJar());
          return {
            kind: 'oidc-link',
            provider,
            completed,
            refetchedFlow: (await provisioner.createFlow(current, flowType, 'cookie', jar)).exchange,
          };
        },
      };
    }
    case 'unknown':
      return { body: { method: 'no-such-method' } };
  }
}
