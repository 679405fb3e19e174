/**
 * One check per oracle rule: the response's status (and error.id) must be one the oracle accepts for the situation.
 * The requirement a failure names is the expectation's (e.g. SF-GET-410-EXPIRED or SF-UPDATE-410-EXPIRED).
 */
import type { Rule } from '../oracle.js';
import type { RequirementId } from '../requirements.js';
import { PASS, SKIP, describeStatuses, errorIdOf, fail, type Check } from './types.js';

function ruleCheck(name: string, rule: Rule, requirements: readonly RequirementId[]): Check {
  return {
    name,
    requirements,
    appliesTo: { rules: [rule], statuses: 'answered' },
    evaluate({ exchange, body, expectation }) {
      if (!expectation) return SKIP;
      const status = exchange.response.status;
      const candidates = expectation.outcomes.filter((outcome) => outcome.status === status);
      if (candidates.length === 0) {
        return fail(`expected ${describeStatuses(expectation.outcomes)}, got ${status}`, expectation.requirement);
      }
      const errorId = errorIdOf(body);
      const idAccepted = candidates.some(
        (outcome) => outcome.errorIds === undefined || (errorId !== undefined && outcome.errorIds.includes(errorId)),
      );
      if (!idAccepted) {
        return fail(
          `expected ${describeStatuses(candidates)}, got ${status} with error.id ${errorId === undefined ? '(no error envelope)' : (errorId ?? '(none)')}`,
          expectation.requirement,
        );
      }
      return PASS;
    },
  };
}

export const RULE_CHECKS: readonly Check[] = [
  ruleCheck('missingSessionIsRejectedWith401OrLoginRedirect', 'noSession', ['SF-UNAUTHENTICATED']),
  ruleCheck('aal1SessionIsAskedForSecondFactor', 'aal2Required', ['SF-AAL2-REQUIRED']),
  ruleCheck('forbiddenReturnToIsRejectedWith400', 'returnToForbidden', ['SF-RETURN-TO']),
  ruleCheck('unparsableReturnToIsRejectedWith400', 'returnToUnparsable', ['SF-RETURN-TO']),
  ruleCheck('validSessionCreatesFlow', 'flowCreated', ['SF-INIT-SUCCESS']),
  ruleCheck('ownFlowIsReturnedWith200', 'ownFlowFetched', ['SF-GET-FLOW']),
  ruleCheck('unknownFlowIdIsRejected', 'unknownFlow', ['SF-GET-404-UNKNOWN', 'SF-UPDATE-FLOW-ID']),
  ruleCheck('malformedFlowIdIsRejectedWith400', 'malformedFlowId', ['SF-UPDATE-FLOW-ID']),
  ruleCheck('foreignFlowIsRejectedWith403', 'foreignFlow', ['SF-FOREIGN-FLOW']),
  ruleCheck('expiredFlowIsRejectedWith410', 'expiredFlow', ['SF-GET-410-EXPIRED', 'SF-UPDATE-410-EXPIRED']),
  ruleCheck('apiFlowSubmittedByBrowserIsRejectedWith400', 'apiFlowFromBrowser', ['SF-UPDATE-API-BROWSER']),
  ruleCheck('missingOrWrongCsrfTokenIsRejectedWith403', 'csrfViolation', ['SF-UPDATE-CSRF']),
  ruleCheck('staleSessionIsAskedToReauthenticate', 'unprivileged', ['SF-PRIVILEGED']),
  ruleCheck('invalidInputReturnsFlowWith400', 'invalidInput', ['SF-UPDATE-400-VALIDATION']),
  ruleCheck('unknownMethodReturnsFlowWith400', 'unknownMethod', ['SF-UPDATE-400-VALIDATION']),
  ruleCheck('validUpdateSucceeds', 'validUpdate', ['SF-UPDATE-SUCCESS']),
  ruleCheck('lookupSecretRegenerationReturnsFlow', 'uiOnlyUpdate', ['SF-UPDATE-SUCCESS']),
  ruleCheck('oidcLinkAsksForBrowserLocationChange', 'oidcLink', ['SF-UPDATE-422-OIDC']),
];
