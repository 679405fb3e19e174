/**
 * A change refused for re-authentication is followed through as a client would: re-authenticate as asked (refresh=true
 * for an old session, aal=aal2 once the identity has a second factor), come back to the interrupted flow, submit again
 * (or, for browser navigation, let the target continue the paused submit) and see the change applied.
 */
import fc from 'fast-check';
import { BROWSER_NAVIGATION, JSON_CLIENT } from '../arbitraries.js';
import { evaluateChecks, type EffectEvidence } from '../checks/index.js';
import { RESUMPTION_CHECKS } from '../checks/resumption.js';
import type { Answer, RequestSpec } from '../client.js';
import { evaluateAnswer, observe, type CaseContext } from '../harness.js';
import type { ClientProfile, Encoding, FlowType, SessionSituation } from '../oracle.js';
import { expectSubmit } from '../submit-oracle.js';
import type { Observation } from '../recorder.js';
import { reauthenticateInBrowser, reauthenticateNatively, type Proof, type Reauthentication } from '../reauthenticate.js';
import { withAccept, withBody } from '../requests.js';
import { browserOnlySession, tryPasswordLogin } from '../session-kinds.js';
import {
  browserLogin,
  csrfTokenOf,
  flowIdOf,
  nativeLogin,
  setUpTotp,
  type Identity,
  type Session,
  type SessionProof,
} from '../sessions.js';
import { defineProperty } from './define.js';
import { fetchFlow } from './follow-ups.js';
import { createOwnFlow, profileBody, withCsrf } from './plans.js';

type Via = 'refresh' | 'aal2';
type Change = 'profile' | 'password';

interface ResumeCase {
  via: Via;
  flowType: FlowType;
  client: ClientProfile;
  change: Change;
}

/**
 * The browser-navigation case is the one the target must continue itself; the browser-flow JSON client follows the
 * login's continue_with back and submits again. Every login hashes a password on the target, so there are four.
 */
const CASE_SHAPES: ReadonlyArray<Omit<ResumeCase, 'change'>> = [
  { via: 'refresh', flowType: 'api', client: JSON_CLIENT },
  { via: 'refresh', flowType: 'browser', client: BROWSER_NAVIGATION },
  { via: 'aal2', flowType: 'api', client: JSON_CLIENT },
  { via: 'aal2', flowType: 'browser', client: JSON_CLIENT },
];

function available(context: CaseContext, shape: Omit<ResumeCase, 'change'>): boolean {
  const { target, provisioner } = context;
  if (provisioner.handedOver) return false;
  if (shape.via === 'refresh') return target.primaryIsUnprivileged && target.agedSessions[shape.flowType] !== undefined;
  return target.methods.has('totp') && provisioner.options.requiredAal === 'highest_available';
}

/**
 * Every case shape the target allows. The re-authenticated changes alternate between profile and password with the
 * seed; after the second factor the change is a profile change (the factor, not the change, is what is tested there).
 */
function resumeCases(context: CaseContext): ResumeCase[] {
  const { methods } = context.target;
  const changes = (['profile', 'password'] as const).filter((method) => methods.has(method));
  const first = changes[0];
  if (first === undefined) return [];
  return CASE_SHAPES.filter((shape) => available(context, shape)).map((shape, index) => ({
    ...shape,
    change: shape.via === 'aal2' ? first : (changes[(context.seed + index) % changes.length] ?? first),
  }));
}

/**
 * A URL the target named (on its public base URL), sent to the target itself. A return_to in it that names the URL
 * the suite reached the target by is put on the public base URL, as a browser there would have been given it. Kratos
 * builds the AAL2 return_to from the request URL as it received it (x.RequestURL,
 * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/flow/settings/handler.go#L663-L664),
 * which behind a gateway that strips a base path lacks that path: the base path is put back, as the gateway needs it.
 */
function onTarget(context: CaseContext, url: string, base: string): string | undefined {
  const { options } = context.provisioner;
  const { publicBaseUrl } = context.target;
  try {
    const parsed = new URL(url, base);
    const returnTo = parsed.searchParams.get('return_to');
    const returnUrl = returnTo === null ? undefined : new URL(returnTo, parsed);
    const publicBase = new URL(publicBaseUrl);
    const basePath = publicBase.pathname.replace(/\/+$/, '');
    if (returnUrl && returnUrl.origin === new URL(options.target).origin && returnUrl.origin !== publicBase.origin) {
      parsed.searchParams.set('return_to', new URL(returnUrl.pathname + returnUrl.search, publicBaseUrl).href);
    } else if (
      returnUrl &&
      returnUrl.origin === publicBase.origin &&
      basePath !== '' &&
      returnUrl.pathname !== basePath &&
      !returnUrl.pathname.startsWith(`${basePath}/`)
    ) {
      parsed.searchParams.set('return_to', new URL(basePath + returnUrl.pathname + returnUrl.search, publicBase.origin).href);
    }
    return new URL(parsed.pathname + parsed.search, options.target).href;
  } catch {
    return undefined;
  }
}

/** Where the refusal asks the client to log in: redirect_browser_to of the 403, or the 303's Location. */
function loginUrlOf(answer: Answer): string | undefined {
  const target = (answer.json as { redirect_browser_to?: unknown } | undefined)?.redirect_browser_to;
  if (answer.status === 403 && typeof target === 'string') return target;
  const location = answer.exchange.response.headers['location'];
  return answer.status === 303 && typeof location === 'string' ? location : undefined;
}

/**
 * The change and how to see it applied; a profile change moves the identifier (a protected change). The session is
 * read with the credentials that re-authenticated: another session of an identity with a second factor may be AAL1.
 */
function planChange(
  context: CaseContext,
  session: Session,
  change: Change,
  tag: string,
  credentials: Pick<RequestSpec, 'headers' | 'jar'>,
) {
  if (change === 'profile') {
    const { traits } = context.provisioner.profileUpdate();
    const read = () =>
      context.provisioner.client.send({
        method: 'GET',
        url: '/sessions/whoami',
        ...credentials,
        headers: { ...credentials.headers, accept: 'application/json' },
      });
    return { body: profileBody(traits), applied: async () => ({ traits, whoami: (await read()).exchange }) };
  }
  const password = `Resumed-${tag}-${context.seed.toString(36)}-Wp4!`;
  return {
    body: { method: 'password', password },
    applied: async () => ({
      newPasswordLogin: (
        await tryPasswordLogin(context.provisioner.client, session.identity.identifier, password, context.target.unavailable)
      ).exchange,
    }),
  };
}

/** The session a case re-authenticates, with the flow it refuses made first; for aal2 the second factor comes between. */
async function prepare(
  context: CaseContext,
  input: ResumeCase,
): Promise<{ session: Session; proof: Proof; created: Awaited<ReturnType<typeof createOwnFlow>>; createdAt: number } | undefined> {
  const { target, provisioner } = context;
  if (input.via === 'refresh') {
    // Once re-authenticated the session is privileged again: a case run a second time (shrinking) finds it so.
    const session = target.agedSessions[input.flowType];
    if (!session || provisioner.privilegeOf(session) !== 'unprivileged') return undefined;
    const createdAt = Date.now();
    const created = await createOwnFlow(context, session, input.flowType, session.jar);
    return {
      session,
      proof: { via: 'refresh', identifier: session.identity.identifier, password: session.identity.password },
      created,
      createdAt,
    };
  }
  // The flow is made before the identity has a second factor; then the AAL1 session that made it falls short.
  const identity = await provisioner.newIdentity('resume-aal2');
  const session = input.flowType === 'browser' ? await browserSession(context, identity) : await provisioner.login(identity, false);
  // A session of its own for the setup, a browser one when the target gives no native session.
  const setup: SessionProof =
    context.target.unavailable.native === undefined
      ? { token: (await nativeLogin(provisioner.client, identity)).token }
      : { jar: (await browserLogin(provisioner.client, identity)).jar };
  const createdAt = Date.now();
  const created = await createOwnFlow(context, session, input.flowType, session.jar);
  const totpSecret = await setUpTotp(provisioner.client, setup);
  return { session, proof: { via: 'aal2', totpSecret }, created, createdAt };
}

/** A browser login only: one password hash on the target instead of two. */
async function browserSession(context: CaseContext, identity: Identity): Promise<Session> {
  const { jar, cookieNames } = await browserLogin(context.provisioner.client, identity);
  return browserOnlySession(identity, jar, cookieNames, 'this session was made for a browser flow: its native token is not used');
}

function resumeObservation(context: CaseContext, answer: Answer, effect: EffectEvidence): Observation {
  const evaluations = evaluateChecks(
    { operationId: 'updateSettingsFlow', exchange: answer.exchange, body: answer.json, effect, validator: context.validator },
    RESUMPTION_CHECKS,
  );
  return { operationId: 'updateSettingsFlow', exchange: answer.exchange, body: answer.json, evaluations };
}

export const resumption = defineProperty<ResumeCase, ResumeCase[]>({
  title:
    'SF-REAUTH-RESUME: a change refused for re-authentication goes through and is applied once the client has re-authenticated as asked',
  unavailable: (context) =>
    resumeCases(context).length > 0
      ? undefined
      : 'no session can be aged within --max-wait, and the target offers no totp method to ask for AAL2 with',
  given: (context) => {
    const cases = resumeCases(context);
    return cases.length > 0 ? cases : undefined;
  },
  inputs: (_context, cases) => fc.constantFrom(...cases),
  // Each case uses up a session aged in provisioning: the examples are all there is.
  examples: (_context, cases) => cases,
  numRuns: () => 0,
  async check(context, input, _cases, { number: runNumber }) {
    const { provisioner } = context;
    const prepared = await prepare(context, input);
    if (!prepared) return [];
    const { session, proof, created, createdAt } = prepared;
    const flowId = flowIdOf(created.answer.json);
    const observations = [created.observation];
    if (flowId === undefined) return observations;
    const refusedAs: SessionSituation = input.via === 'refresh' ? 'unprivileged' : 'aal1-needs-aal2';
    context.coverage?.note('submit', input.change, `${input.flowType} flow`, `${refusedAs}, then re-authenticated`, input.client.label);
    const encoding: Encoding = input.client === BROWSER_NAVIGATION ? 'form' : 'json';
    const transport: 'cookie' | 'token' = input.flowType === 'browser' ? 'cookie' : 'token';
    const credentials: Pick<RequestSpec, 'headers' | 'jar'> =
      transport === 'cookie' ? { jar: session.jar } : { headers: { 'x-session-token': session.token } };
    const change = planChange(context, session, input.change, `${input.via}${runNumber}`, credentials);
    const situation = {
      client: input.client,
      flow: 'own' as const,
      flowType: input.flowType,
      transport,
      method: input.change,
      input: 'valid' as const,
      csrf: 'valid' as const,
      encoding,
      touchesIdentifier: input.change === 'profile',
    };
    const submitUrl = `/self-service/settings?flow=${flowId}`;
    const submit = (csrfToken: string | undefined) => ({
      method: 'POST' as const,
      url: submitUrl,
      ...withBody(withAccept(input.client, credentials), withCsrf(change.body, 'valid', csrfToken, context.seed), encoding),
    });
    const refused = await observe(context, 'updateSettingsFlow', submit(csrfTokenOf(created.answer.json)), {
      expectation: expectSubmit({ ...situation, session: refusedAs }),
      flowId,
    });
    observations.push(refused.observation);
    const loginUrl = loginUrlOf(refused.answer);
    const loginOnTarget = loginUrl === undefined ? undefined : onTarget(context, loginUrl, refused.answer.exchange.request.url);
    // Without somewhere to log in (or a refusal at all) the ordinary checks of the refusal say what is wrong.
    if (loginOnTarget === undefined && transport === 'cookie') return observations;
    if (refused.answer.status !== 403 && refused.answer.status !== 303) return observations;
    const reauthentication: Reauthentication =
      transport === 'token'
        ? await reauthenticateNatively(provisioner.client, session.token, proof)
        : await reauthenticateInBrowser(provisioner.client, loginOnTarget ?? '', session.jar!, proof);
    session.authenticatedAt = reauthentication.startedAt;
    if (reauthentication.token !== undefined) session.token = reauthentication.token;
    const continued = input.client === BROWSER_NAVIGATION;
    let csrfToken = csrfTokenOf(created.answer.json);
    if (transport === 'cookie' && !continued) {
      // Back at the flow, as the login's return_to leads: the flow as the browser sees it now.
      const fetched = await fetchFlow(context, flowId, credentials);
      csrfToken = csrfTokenOf(fetched.json) ?? csrfToken;
    }
    const continueUrl =
      continued && reauthentication.next !== undefined
        ? onTarget(context, reauthentication.next, reauthentication.login.request.url)
        : undefined;
    const request: RequestSpec = continued
      ? { method: 'GET', url: continueUrl ?? submitUrl, ...withAccept(input.client, credentials) }
      : submit(csrfToken);
    const answer = await provisioner.client.send(request);
    // Judged only when the answer came before any edge: the target re-authenticated no earlier than startedAt and
    // created the flow no earlier than createdAt, and decided before the answer arrived.
    const answeredAt = Date.now();
    const judged =
      reauthentication.login.response.status !== 200 ||
      (answeredAt - reauthentication.startedAt < provisioner.options.privilegedMaxAgeMs &&
        answeredAt - createdAt < provisioner.options.flowLifespanMs);
    const expectation = judged && !continued ? { expectation: expectSubmit({ ...situation, session: 'valid' }) } : {};
    const resumed = {
      answer,
      observation: evaluateAnswer(
        { validator: context.validator, flowLifespanMs: provisioner.options.flowLifespanMs },
        'updateSettingsFlow',
        answer,
        { ...expectation, ...(continued ? {} : { flowId }) },
      ),
    };
    observations.push(resumed.observation);
    if (!judged) return observations;
    const effect: EffectEvidence = {
      kind: 'resumed',
      via: input.via,
      flowId,
      login: reauthentication.login,
      resumed: resumed.answer.exchange,
      continued,
      ...(transport === 'cookie' && reauthentication.next !== undefined ? { next: reauthentication.next } : {}),
      ...(transport === 'cookie' && reauthentication.next === undefined && reauthentication.login.response.status === 200
        ? { next: '(nowhere: no continue_with)' }
        : {}),
      applied: await change.applied(),
    };
    observations.push(resumeObservation(context, resumed.answer, effect));
    return observations;
  },
});
