/** Sensitive changes with a session older than the privileged max age. */
import fc from 'fast-check';
import { CLIENTS, JSON_CLIENT, clientArbitrary, encodingArbitrary, flowTypeArbitrary } from '../arbitraries.js';
import { observe, type CaseContext } from '../harness.js';
import type { ClientProfile, Encoding, FlowType, SubmitMethod } from '../oracle.js';
import { expectSubmit } from '../submit-oracle.js';
import { withAccept, withBody } from '../requests.js';
import { csrfTokenOf, flowIdOf } from '../sessions.js';
import { defineProperty } from './define.js';
import { createOwnFlow, planSubmit, profileBody, withCsrf } from './plans.js';

/** Changes that need a privileged session; `identifier` changes the trait the suite logs in with. */
type SensitiveChange = 'password' | 'totp' | 'lookup-regenerate' | 'lookup-reveal' | 'identifier';

function sensitiveChanges(context: CaseContext): SensitiveChange[] {
  const { methods } = context.target;
  return [
    ...(methods.has('password') ? ['password' as const] : []),
    ...(methods.has('totp') ? ['totp' as const] : []),
    ...(methods.has('lookup_secret') ? ['lookup-regenerate' as const, 'lookup-reveal' as const] : []),
    ...(methods.has('profile') ? ['identifier' as const] : []),
  ];
}

/** The body of a sensitive change; revealing backup codes needs privilege even before there are codes to show. */
function sensitiveBody(
  context: CaseContext,
  change: SensitiveChange,
  flow: unknown,
  runTag: string,
): { method: SubmitMethod; body: Record<string, unknown> } {
  const session = context.target.primary;
  switch (change) {
    case 'lookup-regenerate':
      return { method: 'lookup_secret', body: { method: 'lookup_secret', lookup_secret_regenerate: true } };
    case 'lookup-reveal':
      return { method: 'lookup_secret', body: { method: 'lookup_secret', lookup_secret_reveal: true } };
    case 'identifier':
      // New traits carry a new identifier: a change that needs a privileged session.
      return { method: 'profile', body: profileBody(context.provisioner.profileUpdate().traits) };
    default:
      return { method: change, body: planSubmit(context, { session, method: change, input: 'valid', flow, runTag }).body };
  }
}

interface Input {
  flowType: FlowType;
  client: ClientProfile;
  change: SensitiveChange;
  encoding: Encoding;
}

export const reauthentication = defineProperty<Input, { changes: SensitiveChange[] }>({
  title: 'SF-PRIVILEGED: a sensitive change with a session older than the privileged max age asks to re-authenticate',
  unavailable: (context) =>
    context.target.primaryIsUnprivileged
      ? undefined
      : `sessions only lose privilege after ${context.provisioner.options.privilegedMaxAgeMs} ms, longer than --max-wait`,
  given: (context) => {
    const changes = sensitiveChanges(context);
    return changes.length === 0 ? undefined : { changes };
  },
  inputs: (_context, { changes }) =>
    fc.record({
      flowType: flowTypeArbitrary,
      client: clientArbitrary,
      change: fc.constantFrom(...changes),
      encoding: encodingArbitrary,
    }),
  // The floor: every sensitive change on both flow types, client kinds and encodings rotating.
  examples: (_context, { changes }) =>
    changes.flatMap((change, index) =>
      (['api', 'browser'] as const).map(
        (flowType, offset): Input => ({
          flowType,
          change,
          client: CLIENTS[(2 * index + offset) % CLIENTS.length] ?? JSON_CLIENT,
          encoding: flowType === 'browser' && offset % 2 === 1 ? 'form' : 'json',
        }),
      ),
    ),
  async check(context, input, _given, { number }) {
    context.coverage?.note('submit', input.change, `${input.flowType} flow`, 'unprivileged', input.client.label);
    const session = context.target.primary;
    const jar = session.jar?.clone();
    const creation = await createOwnFlow(context, session, input.flowType, jar);
    const created = creation.answer;
    const flowId = flowIdOf(created.json);
    if (flowId === undefined) return [creation.observation];
    const { method, body: planned } = sensitiveBody(context, input.change, created.json, `u${number}`);
    const body = withCsrf(planned, 'valid', csrfTokenOf(created.json), context.seed);
    const transport = input.flowType === 'browser' ? 'cookie' : 'token';
    const spec = withAccept(input.client, transport === 'cookie' ? { jar } : { headers: { 'x-session-token': session.token } });
    const expectation = expectSubmit({
      session: 'unprivileged',
      client: input.client,
      flow: 'own',
      flowType: input.flowType,
      transport,
      method,
      input: 'valid',
      csrf: 'valid',
      encoding: input.encoding,
      touchesIdentifier: input.change === 'identifier',
      ...(input.change === 'lookup-reveal' ? { lookupSecretAction: 'reveal' as const } : {}),
    });
    const { observation } = await observe(
      context,
      'updateSettingsFlow',
      { method: 'POST', url: `/self-service/settings?flow=${flowId}`, ...withBody(spec, body, input.encoding) },
      { expectation, flowId },
    );
    return [creation.observation, observation];
  },
});
