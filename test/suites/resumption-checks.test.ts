import { expect } from 'chai';
import { backupCodeWorksOnce, resumedChangeIsApplied } from '../../suites/checks/resumption.js';
import type { CheckContext, EffectEvidence } from '../../suites/checks/types.js';
import { FLOW_ID, REFRESH_403, TARGET, exchange } from './fixtures.js';

const TRAITS = { email: 'resumed@example.org' };
const login = (status = 200) => exchange(status, { method: 'POST', path: '/self-service/login?flow=f' });
const whoami = (traits: unknown) => exchange(200, { path: '/sessions/whoami', body: { identity: { traits } } });
const resubmit = (status: number, headers: Record<string, string> = {}) =>
  exchange(status, {
    method: 'POST',
    path: `/self-service/settings?flow=${FLOW_ID}`,
    headers,
    body: status === 403 ? REFRESH_403 : { id: FLOW_ID, state: 'success' },
  });

function resumed(overrides: Partial<Extract<EffectEvidence, { kind: 'resumed' }>> = {}): CheckContext {
  const effect: EffectEvidence = {
    kind: 'resumed',
    via: 'refresh',
    flowId: FLOW_ID,
    login: login(),
    resumed: resubmit(200),
    continued: false,
    next: `${TARGET}/self-service/settings?flow=${FLOW_ID}`,
    applied: { traits: TRAITS, whoami: whoami(TRAITS) },
    ...overrides,
  };
  return { operationId: 'updateSettingsFlow', exchange: effect.resumed, body: undefined, effect };
}

describe('checks after a re-authentication and of one-time codes', () => {
  it('resumedChangeIsApplied passes a change that goes through and shows', () => {
    expect(resumedChangeIsApplied.evaluate(resumed()).outcome).to.equal('pass');
  });

  it('resumedChangeIsApplied fails a login that leads elsewhere, a change refused again, and one not applied', () => {
    const elsewhere = resumedChangeIsApplied.evaluate(resumed({ next: `${TARGET}/ui/welcome` }));
    const refused = resumedChangeIsApplied.evaluate(resumed({ resumed: resubmit(403) }));
    const toLogin = resumedChangeIsApplied.evaluate(
      resumed({ continued: true, resumed: resubmit(303, { location: `${TARGET}/self-service/login/browser?refresh=true` }) }),
    );
    const dropped = resumedChangeIsApplied.evaluate(
      resumed({
        continued: true,
        resumed: resubmit(303, { location: `${TARGET}/ui/settings?flow=${FLOW_ID}` }),
        applied: { traits: TRAITS, whoami: whoami({ email: 'old@example.org' }) },
      }),
    );
    const password = resumedChangeIsApplied.evaluate(resumed({ applied: { newPasswordLogin: login(400) } }));
    for (const verdict of [elsewhere, refused, toLogin, dropped, password]) expect(verdict.outcome).to.equal('fail');
    expect(elsewhere).to.have.property('message').that.includes('not back to the interrupted flow');
    expect(refused).to.have.property('message').that.includes('still refused');
  });

  it('backupCodeWorksOnce fails a code accepted twice or a replaced code accepted, and passes one-time codes', () => {
    const context = (firstUse: number, secondUse: number, replaced?: number): CheckContext => {
      const effect: EffectEvidence = {
        kind: 'one-time-code',
        firstUse: login(firstUse),
        secondUse: login(secondUse),
        ...(replaced !== undefined ? { replacedCodeUse: login(replaced) } : {}),
      };
      return { operationId: 'updateSettingsFlow', exchange: effect.firstUse, body: undefined, effect };
    };
    expect(backupCodeWorksOnce.evaluate(context(200, 400, 400)).outcome).to.equal('pass');
    expect(backupCodeWorksOnce.evaluate(context(200, 200)).outcome).to.equal('fail');
    expect(backupCodeWorksOnce.evaluate(context(200, 400, 200)).outcome).to.equal('fail');
    expect(backupCodeWorksOnce.evaluate(context(400, 400)).outcome).to.equal('fail');
  });
});
