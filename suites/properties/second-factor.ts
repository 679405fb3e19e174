/** SF-AAL2-REQUIRED: an AAL1 session of an identity with a second factor, any endpoint. */
import fc from 'fast-check';
import type { SettingsOperationId } from '../../spec/operations.js';
import {
  BROWSER_NAVIGATION,
  JSON_CLIENT,
  NO_ACCEPT,
  clientArbitrary,
  encodingArbitrary,
  flowTypeArbitrary,
  transportArbitrary,
} from '../arbitraries.js';
import { expectBrowserInit, expectFetch, expectNativeInit, type ClientProfile, type Encoding, type FlowType } from '../oracle.js';
import { expectSubmit } from '../submit-oracle.js';
import { credentials, withAccept } from '../requests.js';
import type { MfaFixture } from '../target-facts.js';
import { defineProperty } from './define.js';
import { OPERATIONS, observeOperation } from './operations.js';

interface Input {
  operationId: SettingsOperationId;
  client: ClientProfile;
  transport: 'cookie' | 'token';
  flowType: FlowType;
  encoding: Encoding;
}

const EXAMPLE: Omit<Input, 'operationId' | 'client'> = { transport: 'token', flowType: 'api', encoding: 'json' };

export const secondFactor = defineProperty<Input, MfaFixture>({
  title: 'SF-AAL2-REQUIRED: an AAL1 session of an identity with a second factor is asked for AAL2 by every settings endpoint',
  unavailable: (context) => (context.target.mfa ? undefined : 'no AAL1 session of an identity with a second factor could be provisioned'),
  given: (context) => context.target.mfa,
  inputs: () =>
    fc.record({
      operationId: fc.constantFrom(...OPERATIONS),
      client: clientArbitrary,
      transport: transportArbitrary,
      flowType: flowTypeArbitrary,
      encoding: encodingArbitrary,
    }),
  examples: () => [
    { ...EXAMPLE, operationId: 'createBrowserSettingsFlow', client: JSON_CLIENT },
    // A browser's own way in: its cookie (the one way when the target gives no native session).
    { ...EXAMPLE, operationId: 'createBrowserSettingsFlow', client: JSON_CLIENT, transport: 'cookie' },
    { ...EXAMPLE, operationId: 'createNativeSettingsFlow', client: NO_ACCEPT },
    { ...EXAMPLE, operationId: 'getSettingsFlow', client: JSON_CLIENT },
    { ...EXAMPLE, operationId: 'updateSettingsFlow', client: JSON_CLIENT },
    // Browser navigation is sent to login, which must ask for the second factor.
    { ...EXAMPLE, operationId: 'createBrowserSettingsFlow', client: BROWSER_NAVIGATION, transport: 'cookie' },
  ],
  check(context, input, mfa) {
    const session = 'aal1-needs-aal2' as const;
    context.coverage?.note(input.operationId, `${input.flowType} flow`, 'AAL-short', input.client.label);
    return observeOperation(context, {
      operationId: input.operationId,
      credentials: withAccept(input.client, credentials({ situation: 'valid', session: mfa.aal1, transport: input.transport })),
      flowId: mfa.flows[input.flowType],
      body: { method: 'profile', traits: mfa.aal1.identity.traits },
      encoding: input.encoding,
      ownFlow: true,
      expectations: {
        createBrowserSettingsFlow: () => expectBrowserInit({ session, client: input.client, returnTo: 'none' }),
        createNativeSettingsFlow: () => expectNativeInit({ session, client: input.client, returnTo: 'none' }),
        getSettingsFlow: () => expectFetch({ session, client: input.client, flow: 'own' }),
        updateSettingsFlow: () =>
          expectSubmit({
            session,
            client: input.client,
            flow: 'own',
            flowType: input.flowType,
            transport: input.transport,
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
