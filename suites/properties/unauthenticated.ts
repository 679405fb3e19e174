/** SF-UNAUTHENTICATED: no valid session, any endpoint. */
import fc from 'fast-check';
import type { SettingsOperationId } from '../../spec/operations.js';
import {
  AXIOS,
  BROWSER_NAVIGATION,
  JSON_CLIENT,
  NO_ACCEPT,
  clientArbitrary,
  encodingArbitrary,
  garbageCredentialArbitrary,
  invalidSessionArbitrary,
  transportArbitrary,
  unknownFlowIdArbitrary,
  type InvalidSession,
} from '../arbitraries.js';
import { expectBrowserInit, expectFetch, expectNativeInit, type ClientProfile, type Encoding } from '../oracle.js';
import { expectSubmit } from '../submit-oracle.js';
import { credentials, withAccept } from '../requests.js';
import type { Session } from '../sessions.js';
import { defineProperty } from './define.js';
import { OPERATIONS, observeOperation } from './operations.js';

interface Input {
  operationId: SettingsOperationId;
  session: InvalidSession;
  transport: 'cookie' | 'token';
  client: ClientProfile;
  garbage: string;
  flowId: string;
  encoding: Encoding;
}

const EXAMPLE: Omit<Input, 'operationId' | 'session' | 'client'> = {
  transport: 'cookie',
  garbage: 'garbage-session-credential',
  flowId: '00000000-0000-4000-8000-000000000000',
  encoding: 'json',
};

export const unauthenticated = defineProperty<Input, { revoked: Session | undefined }>({
  title:
    'SF-UNAUTHENTICATED: for any session that is not valid, every settings endpoint answers 401 to JSON clients or redirects browser navigation to login',
  given: (context) => ({ revoked: context.target.revoked }),
  inputs: (_context, { revoked }) =>
    fc.record({
      operationId: fc.constantFrom(...OPERATIONS),
      session: invalidSessionArbitrary(revoked !== undefined),
      transport: transportArbitrary,
      client: clientArbitrary,
      garbage: garbageCredentialArbitrary,
      flowId: unknownFlowIdArbitrary,
      encoding: encodingArbitrary,
    }),
  examples: (_context, { revoked }) => [
    { ...EXAMPLE, operationId: 'createBrowserSettingsFlow', session: 'none', client: JSON_CLIENT },
    { ...EXAMPLE, operationId: 'createBrowserSettingsFlow', session: 'none', client: BROWSER_NAVIGATION },
    { ...EXAMPLE, operationId: 'createNativeSettingsFlow', session: 'garbage-token', client: NO_ACCEPT },
    { ...EXAMPLE, operationId: 'getSettingsFlow', session: 'none', client: JSON_CLIENT },
    { ...EXAMPLE, operationId: 'updateSettingsFlow', session: 'garbage-cookie', client: AXIOS },
    ...(revoked ? [{ ...EXAMPLE, operationId: 'getSettingsFlow' as const, session: 'revoked' as const, client: BROWSER_NAVIGATION }] : []),
  ],
  check(context, input, { revoked }) {
    const presented = credentials({
      situation: input.session,
      session: revoked,
      transport: input.transport,
      garbage: input.garbage,
      sessionCookie: context.target.cookieNames.session,
    });
    const situation = { session: input.session, client: input.client, returnTo: 'none' as const };
    context.coverage?.note(input.operationId, `session ${input.session}`, input.client.label);
    return observeOperation(context, {
      operationId: input.operationId,
      credentials: withAccept(input.client, presented),
      flowId: input.flowId,
      body: { method: 'profile', traits: { email: 'nobody@conformance.example.org' } },
      encoding: input.encoding,
      ownFlow: false,
      expectations: {
        createBrowserSettingsFlow: () => expectBrowserInit(situation),
        createNativeSettingsFlow: () => expectNativeInit(situation),
        getSettingsFlow: () => expectFetch({ ...situation, flow: 'own' }),
        updateSettingsFlow: () =>
          expectSubmit({
            session: input.session,
            client: input.client,
            flow: 'own',
            flowType: 'browser',
            transport: 'cookie',
            method: 'profile',
            input: 'valid',
            csrf: 'valid',
            encoding: input.encoding,
            touchesIdentifier: false,
          }),
      },
    });
  },
});
