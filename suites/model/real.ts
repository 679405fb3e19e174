/** The real side of the model-based run: requests as one of the two identities, each checked and kept. */
import type { RequestSpec } from '../client.js';
import { observe, type ObserveOptions } from '../harness.js';
import type { Encoding, FlowType } from '../oracle.js';
import { withBody } from '../requests.js';
import { csrfTokenOf, flowIdOf, totpSecretOf } from '../sessions.js';
import type { Actor, ModelFlow, Real } from './model.js';

export async function record(real: Real, operationId: Parameters<typeof observe>[1], request: RequestSpec, options: ObserveOptions) {
  const result = await observe(real.context, operationId, request, options);
  real.observations.push(result.observation);
  return result;
}

export function credentialsFor(real: Real, actor: Actor, type: FlowType): Pick<RequestSpec, 'headers' | 'jar'> {
  const jar = real.jars[actor];
  return type === 'browser' && jar ? { jar } : { headers: { 'x-session-token': real.sessions[actor].token } };
}

/**
 * Takes what the target may change between two answers from the latest one: Kratos draws a new TOTP secret whenever
 * it renders the settings methods for an identity without TOTP
 * (https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/totp/settings.go#L259-L283),
 * and the CSRF node's value may be masked anew on every render.
 */
export function refreshFromAnswer(flow: ModelFlow, json: unknown): void {
  if (flowIdOf(json) !== flow.id) return;
  flow.totpSecret = totpSecretOf(json);
  flow.csrfToken = csrfTokenOf(json) ?? flow.csrfToken;
}

/** Submits `body` to `flow` as `actor` (with the flow's CSRF token on browser flows), as a JSON-accepting client. */
export async function submitToFlow(
  real: Real,
  actor: Actor,
  flow: ModelFlow,
  body: Record<string, unknown>,
  encoding: Encoding,
  options: ObserveOptions,
) {
  if (flow.type === 'browser') body['csrf_token'] = flow.csrfToken ?? '';
  const credentials = credentialsFor(real, actor, flow.type);
  const result = await record(
    real,
    'updateSettingsFlow',
    {
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      ...withBody({ ...credentials, headers: { ...credentials.headers, accept: 'application/json' } }, body, encoding),
    },
    options,
  );
  refreshFromAnswer(flow, result.answer.json);
  return result;
}
