import { expect } from 'chai';
import { CHECKS, verdictOf } from '../../suites/checks/index.js';
import { Recorder } from '../../suites/recorder.js';
import { AAL2_403, FLOW_ID, OTHER_FLOW_ID, TARGET, errorBody, exchange, flowBody } from './fixtures.js';
import { context, expecting, judge, lookupCodesNode, redirect, settingsUi } from './check-support.js';
import { FIXTURES } from './check-exchanges.js';

describe('checks', () => {
  it('every registered check has a passing and a failing canned exchange', () => {
    const missing = CHECKS.map((check) => check.name).filter((name) => !(name in FIXTURES));
    expect(missing, 'checks without fixtures').to.deep.equal([]);
    const unknown = Object.keys(FIXTURES).filter((name) => !CHECKS.some((check) => check.name === name));
    expect(unknown, 'fixtures without a check').to.deep.equal([]);
  });

  it('check names are unique and every check cites a requirement', () => {
    const names = CHECKS.map((check) => check.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const check of CHECKS) expect(check.requirements.length, check.name).to.be.greaterThan(0);
  });

  for (const check of CHECKS) {
    describe(check.name, () => {
      const fixture = FIXTURES[check.name];
      it('passes its passing exchange', function () {
        if (!fixture) this.skip();
        expect(verdictOf(check, fixture.pass)).to.deep.equal({ outcome: 'pass' });
      });
      it(`fails its failing exchange, which the report shows as ${fixture?.warns ? 'a warning' : 'a failure'}`, function () {
        if (!fixture) this.skip();
        const verdict = verdictOf(check, fixture.fail);
        expect(verdict.outcome).to.equal('fail');
        if (verdict.outcome !== 'fail') return;
        expect(verdict.message).to.be.a('string').and.not.equal('');
        // The requirements table alone decides how much a failure counts.
        const { operationId, exchange: failing, body, expectation } = fixture.fail;
        const recorder = new Recorder({ replayTarget: undefined, showSecrets: false });
        recorder.commit(
          [{ operationId, exchange: failing, body, ...(expectation ? { expectation } : {}), evaluations: [{ check, verdict }] }],
          { seed: 1, path: '', title: 'SF-TEST:' },
        );
        expect([recorder.failures.length, recorder.warnings.length]).to.deep.equal(fixture.warns ? [0, 1] : [1, 0]);
      });
    });
  }

  it('a redirect that fits any accepted outcome of its status passes the location checks (docs/kratos-behavior.md#profile: validation before CSRF)', () => {
    const expectation = expecting('updateSettingsFlow', 'csrfViolation', 'SF-UPDATE-CSRF', [
      { status: 303, location: 'error-ui' },
      { status: 303, location: 'settings-ui' },
    ]);
    const toSettings = context('updateSettingsFlow', { exchange: redirect(settingsUi), expectation });
    const toDashboard = context('updateSettingsFlow', { exchange: redirect('https://ui.example/dashboard'), expectation });
    const errorUi = CHECKS.find((check) => check.name === 'redirectLocationPointsAtErrorUi');
    const settings = CHECKS.find((check) => check.name === 'redirectLocationPointsAtSettingsUi');
    expect(judge(errorUi, toSettings)).to.deep.equal({ outcome: 'pass' });
    expect(judge(settings, toSettings)).to.deep.equal({ outcome: 'pass' });
    expect(judge(settings, toDashboard)?.outcome).to.equal('fail');
  });

  it('a registered security key may show as the AAL2 demand a second factor brings (docs/kratos-behavior.md#aal), a passkey may not', () => {
    const check = CHECKS.find((candidate) => candidate.name === 'registeredKeyOffersRemoval');
    const evidence = (group: 'webauthn' | 'passkey') =>
      context('updateSettingsFlow', {
        exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
        effect: { kind: 'security-key', group, refetchedFlow: exchange(403, { body: AAL2_403 }) },
      });
    expect(judge(check, evidence('webauthn'))?.outcome).to.equal('pass');
    expect(judge(check, evidence('passkey'))?.outcome).to.equal('fail');
  });
  it('lookup codes shown on a flow that never succeeded must not come with 1050001 (docs/kratos-behavior.md#lookup-secret: nothing is saved)', () => {
    const check = CHECKS.find((candidate) => candidate.name === 'lookupSecretCodesAreShown');
    const answer = (state: string) =>
      context('updateSettingsFlow', {
        exchange: exchange(200, {
          body: flowBody({
            state,
            nodes: [lookupCodesNode()],
            messages: [{ id: 1050001, text: 'Your changes have been saved!', type: 'success' }],
          }),
        }),
        expectation: expecting('updateSettingsFlow', 'uiOnlyUpdate', 'SF-UPDATE-SUCCESS', [{ status: 200, body: 'flow' }]),
      });
    expect(judge(check, answer('show_form'))?.outcome).to.equal('fail');
    expect(judge(check, answer('success'))?.outcome).to.equal('pass');
  });
  it('traits are compared whole: a trait the submit left out must be gone (replaced, not merged)', () => {
    const check = CHECKS.find((candidate) => candidate.name === 'changedTraitShowsInWhoami');
    const evidence = context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'traits',
        expectedTraits: { email: 'new@example.org' },
        whoami: exchange(200, { body: { identity: { traits: { email: 'new@example.org', name: { first: 'Kept' } } } } }),
      },
    });
    expect(judge(check, evidence)).to.include({ outcome: 'fail' });
  });

  it('a trait submitted as an object with no value may be stored as it is or left out, but not hold a kept value', () => {
    const check = CHECKS.find((candidate) => candidate.name === 'changedTraitShowsInWhoami');
    const shown = (traits: Record<string, unknown>, expectedTraits: Record<string, unknown>) =>
      context('updateSettingsFlow', {
        exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
        effect: { kind: 'traits', expectedTraits, whoami: exchange(200, { body: { identity: { traits } } }) },
      });
    const submitted = { email: 'new@example.org', name: {} };
    expect(judge(check, shown({ email: 'new@example.org' }, submitted))?.outcome).to.equal('pass');
    expect(judge(check, shown({ email: 'new@example.org', name: {} }, { email: 'new@example.org' }))?.outcome).to.equal('pass');
    expect(judge(check, shown({ email: 'new@example.org', name: { first: 'Kept' } }, submitted))?.outcome).to.equal('fail');
  });

  it('after a success ui.action may name the fresh flow the UI comes from, but it must name a flow', () => {
    const check = CHECKS.find((candidate) => candidate.name === 'uiActionNamesTheFlow');
    const successful = (action: string) =>
      context('updateSettingsFlow', { exchange: exchange(200, { body: flowBody({ state: 'success', action }) }) });
    expect(judge(check, successful(`${TARGET}/self-service/settings?flow=${OTHER_FLOW_ID}`))?.outcome).to.equal('pass');
    expect(judge(check, successful(`${TARGET}/self-service/settings?flow=`))?.outcome).to.equal('fail');
  });

  it('a flow expired by the time it is fetched again says nothing about what was stored', () => {
    const check = CHECKS.find((candidate) => candidate.name === 'storedFlowShowsSuccess');
    const gone = context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: { kind: 'stored-success', flowId: FLOW_ID, refetchedFlow: exchange(410, { body: errorBody(410, 'Gone', 'expired') }) },
    });
    expect(judge(check, gone)?.outcome).to.equal('skip');
  });

  it('expires_at − issued_at must match the declared lifespan', () => {
    const check = CHECKS.find((candidate) => candidate.name === 'flowTimesAreConsistent');
    const verdict = judge(
      check,
      context('createNativeSettingsFlow', { exchange: exchange(200, { body: flowBody() }), declared: { flowLifespanMs: 10 * 60 * 1000 } }),
    );
    expect(verdict).to.include({ outcome: 'fail' });
  });

  it('a rule check ignores exchanges governed by another rule', () => {
    const expired = CHECKS.find((check) => check.name === 'expiredFlowIsRejectedWith410');
    const verdict = judge(
      expired,
      context('getSettingsFlow', {
        exchange: exchange(200, { body: flowBody() }),
        expectation: expecting('getSettingsFlow', 'ownFlowFetched', 'SF-GET-FLOW', [{ status: 200 }]),
      }),
    );
    expect(verdict).to.deep.equal({ outcome: 'skip' });
  });

  it("a rule failure names the expectation's requirement", () => {
    const expired = CHECKS.find((check) => check.name === 'expiredFlowIsRejectedWith410');
    const verdict = judge(
      expired,
      context('getSettingsFlow', {
        exchange: exchange(200, { body: flowBody() }),
        expectation: expecting('getSettingsFlow', 'expiredFlow', 'SF-GET-410-EXPIRED', [
          { status: 410, errorIds: [null, 'self_service_flow_expired'] },
        ]),
      }),
    );
    expect(verdict).to.include({ outcome: 'fail', requirement: 'SF-GET-410-EXPIRED' });
  });

  it('the Kratos 410 of GET /flows without error.id is accepted, as docs/kratos-behavior.md#get-flow-expired describes', () => {
    const expired = CHECKS.find((check) => check.name === 'expiredFlowIsRejectedWith410');
    const kratos410 = errorBody(
      410,
      'Gone',
      'The requested resource is no longer available because it has expired or is otherwise invalid.',
      {},
      {
        reason: 'The settings flow has expired. Call the settings flow init API endpoint to initialize a new settings flow.',
        details: { api: `${TARGET}/self-service/settings/api` },
      },
    );
    const verdict = judge(
      expired,
      context('getSettingsFlow', {
        exchange: exchange(410, { body: kratos410 }),
        expectation: expecting('getSettingsFlow', 'expiredFlow', 'SF-GET-410-EXPIRED', [
          { status: 410, errorIds: [null, 'self_service_flow_expired'] },
        ]),
      }),
    );
    expect(verdict).to.deep.equal({ outcome: 'pass' });
  });
});
