/** After a re-authentication the interrupted change goes through; a backup code works once. */
import type { RecordedExchange } from '../../reporters/report.js';
import { headerOf, jsonOf } from '../client.js';
import { PASS, asRecord, describeExchange, effectCheck, errorIdOf, fail, isRedirect, type Check } from './types.js';

/** The exchange with the error.id it answered, if any: `POST /self-service/settings → 403 session_refresh_required`. */
function describe(exchange: RecordedExchange): string {
  const id = errorIdOf(jsonOf(exchange));
  return `${describeExchange(exchange)}${typeof id === 'string' ? ` ${id}` : ''}`;
}

function traitsOf(exchange: RecordedExchange): Record<string, unknown> | undefined {
  return asRecord(asRecord(asRecord(jsonOf(exchange))?.['identity'])?.['traits']);
}

/** Whether a URL the login sends the browser to leads back to the flow: ?flow=<id> on the submit URL or the settings UI. */
function leadsTo(next: string, base: string, flowId: string): boolean {
  try {
    return new URL(next, base).searchParams.get('flow') === flowId;
  } catch {
    return false;
  }
}

export const resumedChangeIsApplied = effectCheck('resumed', {
  name: 'resumedChangeIsApplied',
  requirements: ['SF-REAUTH-RESUME'],
  evaluate(effect) {
    const login = effect.via === 'refresh' ? 'the re-authentication (refresh=true)' : 'the second-factor login (aal=aal2)';
    if (effect.login.response.status !== 200) return fail(`${login} the refusal asked for did not succeed: ${describe(effect.login)}`);
    if (effect.next !== undefined && !leadsTo(effect.next, effect.login.request.url, effect.flowId)) {
      return fail(`after ${login} the browser is sent to ${effect.next}, not back to the interrupted flow ${effect.flowId}`);
    }
    const status = effect.resumed.response.status;
    const refused = status === 403 || (isRedirect(status) && /\/self-service\/login/.test(headerOf(effect.resumed, 'location') ?? ''));
    if (refused) return fail(`after ${login} the change to flow ${effect.flowId} is still refused: ${describe(effect.resumed)}`);
    const succeeded = effect.continued ? isRedirect(status) || status === 200 : status === 200;
    if (!succeeded) return fail(`after ${login} the change to flow ${effect.flowId} does not go through: ${describe(effect.resumed)}`);
    const how = effect.continued ? 'the paused change, continued when the browser came back to the flow,' : 'the change submitted again';
    if ('traits' in effect.applied) {
      if (effect.applied.whoami.response.status !== 200)
        return fail(`could not read the session after the change: ${describe(effect.applied.whoami)}`);
      const shown = traitsOf(effect.applied.whoami);
      return JSON.stringify(shown) === JSON.stringify(effect.applied.traits)
        ? PASS
        : fail(
            `after ${login} ${how} is not applied: /sessions/whoami shows traits ${JSON.stringify(shown)}, not the submitted ${JSON.stringify(effect.applied.traits)}`,
          );
    }
    return effect.applied.newPasswordLogin.response.status === 200
      ? PASS
      : fail(`after ${login} ${how} is not applied: the new password does not log in (${describe(effect.applied.newPasswordLogin)})`);
  },
});

export const backupCodeWorksOnce = effectCheck('one-time-code', {
  name: 'backupCodeWorksOnce',
  requirements: ['SF-ONE-TIME-CODE'],
  evaluate(effect) {
    if (effect.firstUse.response.status !== 200)
      return fail(`a backup code the settings flow showed and confirmed does not reach AAL2: ${describe(effect.firstUse)}`);
    if (effect.secondUse.response.status === 200) return fail('a backup code that was used already reaches AAL2 a second time');
    if (effect.replacedCodeUse?.response.status === 200)
      return fail('after new backup codes were confirmed, an unused code of the replaced set still reaches AAL2');
    return PASS;
  },
});

export const RESUMPTION_CHECKS: readonly Check[] = [resumedChangeIsApplied, backupCodeWorksOnce];
