/**
 * The deterministic floor: cases every run makes whatever --runs is, so each combination the requirements name is
 * exercised at least once. Random exploration comes on top. Client kinds and encodings rotate across the cases, so every
 * client kind also meets every flow type and situation.
 */
import { CLIENTS } from '../arbitraries.js';
import type { ClientProfile, CsrfSituation, Encoding, FlowType, SubmitMethod } from '../oracle.js';

export interface SubmitCase {
  flowType: FlowType;
  client: ClientProfile;
  method: SubmitMethod;
  input: 'valid' | 'invalid';
  csrf: CsrfSituation;
  encoding: Encoding;
  apiTransport: 'token' | 'cookie' | 'origin';
  withReturnTo: boolean;
  submitReturnTo: boolean;
}

const ENCODINGS: readonly Encoding[] = ['json', 'form', 'json-charset'];

function rotate<T>(items: readonly T[], index: number): T {
  return items[index % items.length] as T;
}

/** What a submit case is, for the coverage list. */
export function submitSituationLabel(input: Pick<SubmitCase, 'flowType' | 'input' | 'csrf' | 'apiTransport'>): string {
  if (input.flowType === 'browser' && input.csrf !== 'valid') return `CSRF ${input.csrf}`;
  const transport = input.flowType === 'api' && input.apiTransport !== 'token' ? ` (with a browser's ${input.apiTransport})` : '';
  return `${input.input}${transport}`;
}

/**
 * Every method × flow type × {valid, invalid}, and on browser flows a wrong and a missing CSRF token; an API flow
 * submitted with a browser's cookie and with an Origin header.
 */
export function submitFloor(methods: readonly SubmitMethod[], oidcOffered: boolean): SubmitCase[] {
  const situations: Array<Pick<SubmitCase, 'flowType' | 'input' | 'csrf'>> = [
    { flowType: 'api', input: 'valid', csrf: 'missing' },
    { flowType: 'api', input: 'invalid', csrf: 'missing' },
    { flowType: 'browser', input: 'valid', csrf: 'valid' },
    { flowType: 'browser', input: 'invalid', csrf: 'valid' },
    { flowType: 'browser', input: 'valid', csrf: 'wrong' },
    { flowType: 'browser', input: 'valid', csrf: 'missing' },
  ];
  const cases: SubmitCase[] = [];
  const push = (
    method: SubmitMethod,
    situation: Pick<SubmitCase, 'flowType' | 'input' | 'csrf'>,
    apiTransport: SubmitCase['apiTransport'] = 'token',
  ) => {
    const index = cases.length;
    const browser = situation.flowType === 'browser';
    cases.push({
      ...situation,
      method,
      apiTransport,
      client: rotate(CLIENTS, index),
      encoding: rotate(ENCODINGS, index),
      withReturnTo: browser && index % 2 === 0,
      submitReturnTo: browser && situation.input === 'valid',
    });
  };
  for (const method of methods) {
    if (method === 'oidc' && !oidcOffered) continue;
    for (const situation of situations) push(method, situation);
  }
  if (methods.includes('profile')) {
    push('profile', { flowType: 'api', input: 'valid', csrf: 'missing' }, 'cookie');
    push('profile', { flowType: 'api', input: 'valid', csrf: 'missing' }, 'origin');
  }
  return cases;
}
