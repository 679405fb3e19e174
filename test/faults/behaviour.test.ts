/**
 * Each fault and each variant changes what a client sees: one short server.inject conversation answers differently
 * from the clean mock's (whose answers are first shown to be the same on every start, so a difference means something).
 */
import { expect } from 'chai';
import { FAULTS } from '../../mock/faults/index.js';
import { VARIANTS } from '../../mock/variants/index.js';
import { FLOW_SCENARIOS } from './flow-scenarios.js';
import { RESUMPTION_SCENARIOS } from './resumption-scenarios.js';
import { deterministicMock, SCENARIOS as BASE_SCENARIOS, type Digest, type Scenario } from './scenarios.js';

const SCENARIOS: Record<string, Scenario> = { ...BASE_SCENARIOS, ...FLOW_SCENARIOS, ...RESUMPTION_SCENARIOS };

/** The conversation that shows each fault. */
const FAULT_SCENARIOS: Record<string, string> = {
  'aal-error-without-redirect': 'secondFactor',
  'aal-error-wrong-id': 'secondFactor',
  'aal-redirect-without-aal': 'secondFactor',
  'browser-flow-without-csrf-node': 'browserInit',
  'browser-init-found-302': 'unauthenticated',
  'browser-init-without-location': 'unauthenticated',
  'csrf-not-checked': 'browserSubmit',
  'csrf-violation-400': 'browserSubmit',
  'error-code-always-400': 'unauthenticated',
  'expired-flow-gone-404': 'expiry',
  'expired-flow-readable': 'expiry',
  'expired-flow-submittable': 'expiry',
  'expired-without-use-flow-id': 'expiry',
  'expires-at-unix-number': 'browserInit',
  'foreign-flow-readable': 'foreignFlow',
  'foreign-flow-submittable': 'foreignFlow',
  'json-served-as-text': 'unauthenticated',
  'malformed-flow-id-500': 'browserSubmit',
  'native-flow-typed-browser': 'nativeInit',
  'native-init-sets-cookie': 'nativeInit',
  'node-group-typo': 'browserInit',
  'oidc-link-without-redirect': 'oidcLink',
  'password-not-persisted': 'password',
  'password-policy-not-enforced': 'password',
  'privilege-not-required': 'privilege',
  'refresh-error-without-redirect': 'privilege',
  'refresh-redirect-without-refresh': 'privilege',
  'return-to-not-enforced': 'browserInit',
  'settings-ui-redirect-without-flow': 'browserInit',
  'success-ignores-return-to': 'returnTo',
  'success-state-show-form': 'browserSubmit',
  'success-state-typo': 'browserSubmit',
  'success-without-saved-message': 'browserSubmit',
  'traits-not-persisted': 'browserSubmit',
  'ui-action-wrong-path': 'browserInit',
  'unauthenticated-403': 'unauthenticated',
  'unauthenticated-flat-error': 'unauthenticated',
  'unknown-flow-400': 'browserInit',
  'unknown-method-succeeds': 'browserSubmit',
  'validation-as-error-envelope': 'browserSubmit',
  'validation-without-messages': 'browserSubmit',
  'identifier-change-without-privilege': 'unprivilegedChanges',
  'backup-codes-revealed-without-privilege': 'unprivilegedChanges',
  'totp-setup-accepts-any-code': 'wrongCodes',
  'backup-codes-confirmed-without-codes': 'wrongCodes',
  'profile-merges-traits': 'profileTraits',
  'submit-return-to-overrides-flow': 'submitReturnTo',
  'success-shows-old-identity': 'profileTraits',
  'stored-flow-not-marked-success': 'profileTraits',
  'rejected-browser-submit-forgets-messages': 'browserNavigationOutcomes',
  'form-submit-silently-ignored': 'browserNavigationOutcomes',
  'use-flow-id-never-stored': 'expiryContinuations',
  'replacement-flow-wrong-type': 'expiryContinuations',
  'expired-redirect-to-same-flow': 'expiryContinuations',
  'refresh-redirect-without-return-to': 'privilege',
  'aal-redirect-without-return-to': 'secondFactorOnFlow',
  'continue-with-ignores-return-to': 'submitReturnTo',
  'issued-at-after-expiry': 'nativeInit',
  'expires-at-ignores-lifespan': 'nativeInit',
  'timestamps-in-local-time': 'nativeInit',
  'fetch-extends-expiry': 'browserInit',
  'init-reuses-open-flow': 'twoInits',
  'error-flow-action-without-id': 'browserSubmit',
  'password-echoed-on-error': 'passwordValues',
  'new-password-echoed-on-success': 'passwordValues',
  'api-submit-sets-session-cookie': 'profileTraits',
  'aal2-never-required': 'secondFactor',
  'compressed-without-content-encoding': 'compressedAnswers',
  'paused-submit-not-resumed': 'reauthenticatedResume',
  'refresh-keeps-authentication-time': 'reauthenticatedResume',
  'refresh-login-forgets-return-to': 'reauthenticatedResume',
  'aal2-login-keeps-aal1': 'secondFactorLogin',
  'backup-code-accepted-twice': 'backupCodes',
  'regenerated-codes-keep-old-set': 'backupCodes',
};

/** The conversation that shows each variant (slow-answers is timed instead). */
const VARIANT_SCENARIOS: Record<string, string> = {
  'chunked-bodies': 'nativeInit',
  'expired-fetch-with-error-id': 'expiry',
  'extra-headers': 'nativeInit',
  'extra-nodes': 'browserInit',
  'json-with-charset': 'unauthenticated',
  'json-without-charset': 'browserInit',
  'reordered-keys': 'nativeInit',
  'return-to-forbidden-as-identity-mismatch': 'browserInit',
  'session-inactive-on-flows': 'unauthenticated',
  'unauthenticated-browser-401': 'unauthenticated',
  'unknown-extra-fields': 'nativeInit',
  'no-organization-id': 'nativeInit',
  'oidc-link-csrf-checked': 'oidcLinkWrongCsrf',
};

async function conversation(scenario: string, options: { faults?: string[]; variants?: string[] } = {}): Promise<Digest[]> {
  const h = await deterministicMock(options);
  try {
    return await SCENARIOS[scenario]!(h);
  } finally {
    await h.server.stop();
  }
}

/** Key order is part of what a client sees on the wire; deep-equal would ignore it. */
const wire = (digests: Digest[]) => JSON.stringify(digests);

describe('faults and variants change what a client sees', function () {
  this.timeout(90_000);
  const clean = new Map<string, string>();

  before(async () => {
    for (const scenario of Object.keys(SCENARIOS)) clean.set(scenario, wire(await conversation(scenario)));
  });

  it('the clean mock answers every conversation the same way on every start', async () => {
    for (const scenario of Object.keys(SCENARIOS)) expect(wire(await conversation(scenario)), scenario).to.equal(clean.get(scenario));
  });

  it('every fault and variant has a conversation that shows it', () => {
    expect(Object.keys(FAULT_SCENARIOS).sort()).to.deep.equal([...FAULTS.keys()].sort());
    expect([...Object.keys(VARIANT_SCENARIOS), 'slow-answers'].sort()).to.deep.equal([...VARIANTS.keys()].sort());
  });

  for (const [name, scenario] of Object.entries(FAULT_SCENARIOS)) {
    it(`fault ${name} changes the ${scenario} conversation`, async () => {
      expect(wire(await conversation(scenario, { faults: [name] }))).to.not.equal(clean.get(scenario));
    });
  }

  for (const [name, scenario] of Object.entries(VARIANT_SCENARIOS)) {
    it(`variant ${name} changes the ${scenario} conversation`, async () => {
      expect(wire(await conversation(scenario, { variants: [name] }))).to.not.equal(clean.get(scenario));
    });
  }

  it('variant slow-answers delays each settings answer by at least 40 ms', async () => {
    const h = await deterministicMock({ variants: ['slow-answers'] });
    try {
      const started = Date.now();
      for (let i = 0; i < 3; i += 1) await h.inject({ method: 'GET', url: '/self-service/settings/api' });
      expect(Date.now() - started).to.be.at.least(3 * 40);
    } finally {
      await h.server.stop();
    }
  });

  it('an unknown fault or variant name fails at start', async () => {
    for (const options of [{ faults: ['no-such-fault'] }, { variants: ['no-such-variant'] }]) {
      const error = await deterministicMock(options).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(String(error)).to.match(/unknown (fault|variant) "no-such-/);
    }
  });
});
