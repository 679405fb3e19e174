/**
 * Backup codes are one-time codes: set up through the settings flow (regenerate, then confirm), each reaches AAL2 at
 * login once, and confirming a new set retires the old one (docs/kratos-behavior.md#lookup-secret).
 */
import fc from 'fast-check';
import { evaluateChecks, type EffectEvidence } from '../checks/index.js';
import { asRecord, errorIdOf } from '../checks/types.js';
import { RESUMPTION_CHECKS } from '../checks/resumption.js';
import { observe, type CaseContext } from '../harness.js';
import type { Observation } from '../recorder.js';
import { reauthenticateNatively } from '../reauthenticate.js';
import { flowIdOf, nativeLogin, type Session } from '../sessions.js';
import { nodesOf } from '../ui-nodes.js';
import { defineProperty } from './define.js';
import { createOwnFlow } from './plans.js';

/** The codes the lookup_secret_codes text node shows: context.secrets[].context.secret (1050015 of 1050009 entries). */
function codesOf(flow: unknown): string[] {
  const node = nodesOf(flow).find((candidate) => candidate.attributes['id'] === 'lookup_secret_codes');
  const secrets = asRecord(asRecord(node?.attributes['text'])?.['context'])?.['secrets'];
  if (!Array.isArray(secrets)) return [];
  return secrets.flatMap((entry) => {
    const secret = asRecord(asRecord(entry)?.['context'])?.['secret'];
    return typeof secret === 'string' ? [secret] : [];
  });
}

/** The session was too old for a step by the time the target took it (a slow answer): worth one more try. */
const AT_THE_EDGE = 'at the edge';

/**
 * Regenerates codes on a fresh API flow of the session and confirms them; resolves to the codes once confirmed,
 * undefined when a step did not get that far, or AT_THE_EDGE. The steps are only checked generically: submitting
 * backup codes is judged elsewhere, and here a slow answer may have taken the session past the privileged max age.
 */
async function setUpCodes(
  context: CaseContext,
  session: Session,
  observations: Observation[],
): Promise<string[] | typeof AT_THE_EDGE | undefined> {
  const { provisioner } = context;
  const created = await createOwnFlow(context, session, 'api', undefined);
  observations.push(created.observation);
  const flowId = flowIdOf(created.answer.json);
  if (flowId === undefined) return undefined;
  const headers = { accept: 'application/json', 'x-session-token': session.token };
  const step = async (action: 'regenerate' | 'confirm') => {
    if (provisioner.privilegeOf(session) !== 'valid') return AT_THE_EDGE;
    const result = await observe(
      context,
      'updateSettingsFlow',
      {
        method: 'POST',
        url: `/self-service/settings?flow=${flowId}`,
        headers,
        json: { method: 'lookup_secret', [`lookup_secret_${action}`]: true },
      },
      { flowId },
    );
    observations.push(result.observation);
    if (result.answer.status === 403 && errorIdOf(result.answer.json) === 'session_refresh_required') return AT_THE_EDGE;
    return result.answer.status === 200 ? result.answer : undefined;
  };
  const regenerated = await step('regenerate');
  if (regenerated === AT_THE_EDGE) return AT_THE_EDGE;
  const codes = codesOf(regenerated?.json);
  if (codes.length < 2) return undefined;
  const confirmed = await step('confirm');
  return confirmed === AT_THE_EDGE ? AT_THE_EDGE : confirmed ? codes : undefined;
}

/** An AAL1 session of the identity raised to AAL2 with a backup code (a new login unless one is given). */
async function loginWithCode(context: CaseContext, session: Session, code: string, aal1Token?: string) {
  const token = aal1Token ?? (await nativeLogin(context.provisioner.client, session.identity)).token;
  return { token, ...(await reauthenticateNatively(context.provisioner.client, token, { via: 'aal2', backupCode: code })) };
}

export const oneTimeCode = defineProperty<'backup codes', true>({
  title: 'SF-ONE-TIME-CODE: a backup code from the settings flow reaches AAL2 once, and confirming new codes retires the old ones',
  unavailable: (context) => {
    if (!context.target.methods.has('lookup_secret'))
      return 'the target offers no lookup_secret method; enable selfservice.methods.lookup_secret on the test instance';
    return context.provisioner.handedOver
      ? 'backup codes would stay on a handed-over identity; give the admin API (--admin-url) so the suite can use identities of its own'
      : undefined;
  },
  given: () => true,
  inputs: () => fc.constant('backup codes' as const),
  // One identity's codes, used and replaced: a second case would show nothing new.
  examples: () => ['backup codes'],
  numRuns: () => 0,
  async check(context) {
    const { provisioner } = context;
    context.coverage?.note('login', 'lookup_secret', 'code used twice, codes replaced');
    const observations: Observation[] = [];
    let owner = await provisioner.freshSession('backup-codes', false);
    let codes = await setUpCodes(context, owner, observations);
    // A slow answer took the session past the privileged max age: once more with a new login.
    if (codes === AT_THE_EDGE) {
      owner = { ...owner, ...(await nativeLogin(provisioner.client, owner.identity)) };
      codes = await setUpCodes(context, owner, observations);
    }
    if (codes === undefined || codes === AT_THE_EDGE) return observations;
    const [code, spare] = codes as [string, string];
    const firstUse = await loginWithCode(context, owner, code);
    const secondUse = await loginWithCode(context, owner, code);
    // The session the first code raised to AAL2 is privileged again: it replaces the codes.
    const raised: Session = { ...owner, token: firstUse.token, authenticatedAt: firstUse.startedAt };
    const replaced = firstUse.login.response.status === 200 ? await setUpCodes(context, raised, observations) : undefined;
    // The session the used code could not raise is still AAL1: it tries a code of the replaced set.
    const replacedCodeUse =
      Array.isArray(replaced) && secondUse.login.response.status !== 200
        ? (await loginWithCode(context, owner, spare, secondUse.token)).login
        : undefined;
    const effect: EffectEvidence = {
      kind: 'one-time-code',
      firstUse: firstUse.login,
      secondUse: secondUse.login,
      ...(replacedCodeUse ? { replacedCodeUse } : {}),
    };
    // Reported against the confirming submit's cell: the codes came from the settings flow.
    const confirm = observations.at(-1);
    if (!confirm) return observations;
    const evaluations = evaluateChecks(
      { operationId: 'updateSettingsFlow', exchange: confirm.exchange, body: confirm.body, effect, validator: context.validator },
      RESUMPTION_CHECKS,
    );
    observations.push({ operationId: 'updateSettingsFlow', exchange: confirm.exchange, body: confirm.body, evaluations });
    return observations;
  },
});
