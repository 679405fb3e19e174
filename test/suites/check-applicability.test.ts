import { expect } from 'chai';
import { CHECKS, applies, contextOf, evaluateChecks, verdictOf } from '../../suites/checks/index.js';
import type { Check, CheckContext } from '../../suites/checks/types.js';
import type { Expectation } from '../../suites/oracle.js';
import { EXPIRED_410, FLOW_ID, exchange, flowBody } from './fixtures.js';

const expired: Expectation = {
  operationId: 'updateSettingsFlow',
  rule: 'expiredFlow',
  requirement: 'SF-UPDATE-410-EXPIRED',
  outcomes: [{ status: 410, errorIds: ['self_service_flow_expired'] }],
};

function given(partial: Partial<CheckContext> & Pick<CheckContext, 'operationId' | 'exchange'>): CheckContext {
  return contextOf(partial);
}

/** A check that always fails, so a verdict shows where the registry ran it. */
function failingEverywhere(appliesTo: Check['appliesTo']): Check {
  return {
    name: 'failingEverywhere',
    requirements: ['SF-SCHEMA'],
    ...(appliesTo ? { appliesTo } : {}),
    evaluate: () => ({ outcome: 'fail', message: 'ran' }),
  };
}

const check = (name: string) => CHECKS.find((candidate) => candidate.name === name);

describe('checks: what each applies to', () => {
  it('runs a check only on the operations it declares', () => {
    const initsOnly = failingEverywhere({ operations: ['createNativeSettingsFlow'] });
    expect(evaluateChecks({ operationId: 'getSettingsFlow', exchange: exchange(200, { body: flowBody() }) }, [initsOnly])).to.deep.equal(
      [],
    );
    expect(
      evaluateChecks({ operationId: 'createNativeSettingsFlow', exchange: exchange(200, { body: flowBody() }) }, [initsOnly]),
    ).to.have.length(1);
  });

  it('runs a check only on the statuses it declares, by list or by kind', () => {
    const at = (status: number) =>
      given({ operationId: 'updateSettingsFlow', exchange: exchange(status, { headers: { location: '/x' } }) });
    expect([200, 303, 410].map((status) => applies({ statuses: [303, 410] }, at(status)))).to.deep.equal([false, true, true]);
    expect([0, 200, 302, 400].map((status) => applies({ statuses: 'answered' }, at(status)))).to.deep.equal([false, true, true, true]);
    expect([0, 200, 302, 400].map((status) => applies({ statuses: 'redirect' }, at(status)))).to.deep.equal([false, false, true, false]);
    expect([0, 200, 302, 400].map((status) => applies({ statuses: 'not-redirect' }, at(status)))).to.deep.equal([false, true, false, true]);
    expect([0, 200, 302, 400, 500].map((status) => applies({ statuses: 'error' }, at(status)))).to.deep.equal([
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('runs a rule check only where the expectation has its rule, and never without an expectation', () => {
    const answer = exchange(200, { body: flowBody() });
    expect(
      applies({ rules: ['expiredFlow'] }, given({ operationId: 'updateSettingsFlow', exchange: answer, expectation: expired })),
    ).to.equal(true);
    expect(
      applies({ rules: ['validUpdate'] }, given({ operationId: 'updateSettingsFlow', exchange: answer, expectation: expired })),
    ).to.equal(false);
    expect(applies({ rules: ['expiredFlow'] }, given({ operationId: 'updateSettingsFlow', exchange: answer }))).to.equal(false);
  });

  it('runs an effect check only on its kind of evidence', () => {
    const totp = check('totpSetupOffersUnlink');
    const answer = exchange(200, { body: flowBody({ state: 'success' }) });
    const password = { kind: 'password' as const, newPasswordLogin: exchange(200), oldPasswordLogin: exchange(400) };
    expect(totp && verdictOf(totp, given({ operationId: 'updateSettingsFlow', exchange: answer, effect: password }))).to.deep.equal({
      outcome: 'skip',
    });
    expect(totp && verdictOf(totp, given({ operationId: 'updateSettingsFlow', exchange: answer }))).to.deep.equal({ outcome: 'skip' });
  });

  it('never evaluates a check outside what it applies to, so a check that would throw there is not reported', () => {
    const throwing: Check = {
      name: 'throwing',
      requirements: ['SF-SCHEMA'],
      appliesTo: { statuses: [410] },
      evaluate: () => {
        throw new Error('evaluated');
      },
    };
    expect(evaluateChecks({ operationId: 'getSettingsFlow', exchange: exchange(200, { body: flowBody() }) }, [throwing])).to.deep.equal([]);
    expect(
      evaluateChecks({ operationId: 'getSettingsFlow', exchange: exchange(410, { body: EXPIRED_410 }) }, [throwing])[0]?.verdict.outcome,
    ).to.equal('fail');
  });

  it('the registered checks filter as they declare: the native init cookie check is not run on a fetch', () => {
    const names = (operationId: CheckContext['operationId']) =>
      evaluateChecks({
        operationId,
        exchange: exchange(200, { body: flowBody(), headers: { 'set-cookie': ['csrf_token_abc=x; Path=/'] } }),
      }).map((evaluation) => evaluation.check.name);
    expect(names('createNativeSettingsFlow')).to.include('nativeInitSetsNoCookie');
    expect(names('getSettingsFlow')).not.to.include('nativeInitSetsNoCookie');
  });

  it("parses the body once for every check, and takes the caller's parse when given", () => {
    const answer = exchange(200, { body: flowBody() });
    expect(contextOf({ operationId: 'getSettingsFlow', exchange: answer }).body).to.deep.equal(flowBody());
    const fetched = check('fetchedFlowIsTheRequestedOne');
    // The checks read the parsed body, not the exchange's text: a given body is what they judge.
    const other = { ...flowBody(), id: '00000000-0000-4000-8000-00000000000f' };
    expect(
      fetched && verdictOf(fetched, contextOf({ operationId: 'getSettingsFlow', exchange: answer, body: other, flowId: FLOW_ID }))?.outcome,
    ).to.equal('fail');
    expect(
      fetched && verdictOf(fetched, contextOf({ operationId: 'getSettingsFlow', exchange: answer, flowId: FLOW_ID }))?.outcome,
    ).to.equal('pass');
  });
});
