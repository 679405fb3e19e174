/** SF-INIT: initialising flows with a valid session, with and without return_to. */
import fc from 'fast-check';
import {
  AXIOS,
  BROWSER_NAVIGATION,
  JSON_CLIENT,
  NO_ACCEPT,
  clientArbitrary,
  returnToArbitrary,
  returnToValue,
  transportArbitrary,
} from '../arbitraries.js';
import { CookieJar } from '../cookies.js';
import { observe } from '../harness.js';
import { expectBrowserInit, expectNativeInit, type ClientProfile, type ReturnToSituation } from '../oracle.js';
import { credentials, initUrl, withAccept } from '../requests.js';
import { flowIdOf } from '../sessions.js';
import { defineProperty } from './define.js';

interface Input {
  endpoint: 'browser' | 'api';
  client: ClientProfile;
  returnTo: ReturnToSituation;
  transport: 'cookie' | 'token';
  /** The browser's jar without the anti-CSRF cookie, so the init must mint one. */
  dropCsrfCookie: boolean;
}

const EXAMPLE: Pick<Input, 'transport' | 'dropCsrfCookie'> = { transport: 'cookie', dropCsrfCookie: true };

export const initialisation = defineProperty<Input, object>({
  title: 'SF-INIT: with a valid session a flow is created (200 JSON, 303 for browser navigation) unless return_to is not allowed',
  given: () => ({}),
  inputs: () =>
    fc.record({
      endpoint: fc.constantFrom<'browser' | 'api'>('browser', 'api'),
      client: clientArbitrary,
      returnTo: returnToArbitrary,
      transport: transportArbitrary,
      dropCsrfCookie: fc.boolean(),
    }),
  examples: () => [
    { ...EXAMPLE, endpoint: 'browser', client: JSON_CLIENT, returnTo: 'none' },
    { ...EXAMPLE, endpoint: 'browser', client: BROWSER_NAVIGATION, returnTo: 'allowed' },
    { ...EXAMPLE, endpoint: 'browser', client: AXIOS, returnTo: 'forbidden' },
    { ...EXAMPLE, endpoint: 'api', client: NO_ACCEPT, returnTo: 'none' },
    { ...EXAMPLE, endpoint: 'api', client: JSON_CLIENT, returnTo: 'forbidden' },
  ],
  async check(context, input) {
    const { target } = context;
    const spec = withAccept(input.client, credentials({ situation: 'valid', session: target.primary, transport: input.transport }));
    if (spec.jar && input.dropCsrfCookie) {
      const bare = new CookieJar();
      for (const name of spec.jar.names()) if (!target.cookieNames.csrf.includes(name)) bare.set(name, spec.jar.get(name) ?? '');
      spec.jar = bare;
    }
    const url = initUrl(input.endpoint, returnToValue(input.returnTo, target.publicBaseUrl));
    const situation = { session: 'valid' as const, client: input.client, returnTo: input.returnTo };
    const operationId = input.endpoint === 'browser' ? 'createBrowserSettingsFlow' : 'createNativeSettingsFlow';
    const expectation = input.endpoint === 'browser' ? expectBrowserInit(situation) : expectNativeInit(situation);
    context.coverage?.note('init', `${input.endpoint} endpoint`, `return_to ${input.returnTo}`, input.client.label);
    const first = await observe(context, operationId, { method: 'GET', url, ...spec }, { expectation });
    const firstId = first.answer.status === 200 ? flowIdOf(first.answer.json) : undefined;
    if (firstId === undefined) return [first.observation];
    // Initialising again gives another flow, never the one just handed out.
    const second = await observe(context, operationId, { method: 'GET', url, ...spec }, { expectation, earlierFlowIds: [firstId] });
    return [first.observation, second.observation];
  },
});
