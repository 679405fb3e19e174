/** Every named fault, by name. Off unless switched on with `mock --fault NAME` or `init({ faults })`. */
import type { Fault } from './fault.js';
import { aalErrorWithoutRedirect } from './aal-error-without-redirect.js';
import { aalErrorWrongId } from './aal-error-wrong-id.js';
import { aalRedirectWithoutAal } from './aal-redirect-without-aal.js';
import { browserFlowWithoutCsrfNode } from './browser-flow-without-csrf-node.js';
import { browserInitFound302 } from './browser-init-found-302.js';
import { browserInitWithoutLocation } from './browser-init-without-location.js';
import { csrfNotChecked } from './csrf-not-checked.js';
import { csrfViolation400 } from './csrf-violation-400.js';
import { errorCodeAlways400 } from './error-code-always-400.js';
import { expiredFlowGone404 } from './expired-flow-gone-404.js';
import { expiredFlowReadable } from './expired-flow-readable.js';
import { expiredFlowSubmittable } from './expired-flow-submittable.js';
import { expiredWithoutUseFlowId } from './expired-without-use-flow-id.js';
import { expiresAtUnixNumber } from './expires-at-unix-number.js';
import { foreignFlowReadable } from './foreign-flow-readable.js';
import { foreignFlowSubmittable } from './foreign-flow-submittable.js';
import { jsonServedAsText } from './json-served-as-text.js';
import { malformedFlowId500 } from './malformed-flow-id-500.js';
import { nativeFlowTypedBrowser } from './native-flow-typed-browser.js';
import { nativeInitSetsCookie } from './native-init-sets-cookie.js';
import { nodeGroupTypo } from './node-group-typo.js';
import { oidcLinkWithoutRedirect } from './oidc-link-without-redirect.js';
import { passwordNotPersisted } from './password-not-persisted.js';
import { passwordPolicyNotEnforced } from './password-policy-not-enforced.js';
import { privilegeNotRequired } from './privilege-not-required.js';
import { refreshErrorWithoutRedirect } from './refresh-error-without-redirect.js';
import { refreshRedirectWithoutRefresh } from './refresh-redirect-without-refresh.js';
import { returnToNotEnforced } from './return-to-not-enforced.js';
import { settingsUiRedirectWithoutFlow } from './settings-ui-redirect-without-flow.js';
import { successIgnoresReturnTo } from './success-ignores-return-to.js';
import { successStateShowForm } from './success-state-show-form.js';
import { successStateTypo } from './success-state-typo.js';
import { successWithoutSavedMessage } from './success-without-saved-message.js';
import { traitsNotPersisted } from './traits-not-persisted.js';
import { uiActionWrongPath } from './ui-action-wrong-path.js';
import { unauthenticated403 } from './unauthenticated-403.js';
import { unauthenticatedFlatError } from './unauthenticated-flat-error.js';
import { unknownFlow400 } from './unknown-flow-400.js';
import { unknownMethodSucceeds } from './unknown-method-succeeds.js';
import { validationAsErrorEnvelope } from './validation-as-error-envelope.js';
import { validationWithoutMessages } from './validation-without-messages.js';

import { compressedWithoutContentEncoding } from './compressed-without-content-encoding.js';
import {
  aalRedirectWithoutReturnTo,
  continueWithIgnoresReturnTo,
  expiredRedirectToSameFlow,
  refreshRedirectWithoutReturnTo,
  replacementFlowWrongType,
  useFlowIdNeverStored,
} from './continuations.js';
import {
  errorFlowActionWithoutId,
  expiresAtIgnoresLifespan,
  fetchExtendsExpiry,
  initReusesOpenFlow,
  issuedAtAfterExpiry,
  timestampsInLocalTime,
} from './flow-values.js';
import { aal2NeverRequired, apiSubmitSetsSessionCookie, newPasswordEchoedOnSuccess, passwordEchoedOnError } from './secrets.js';
import {
  backupCodesConfirmedWithoutCodes,
  backupCodesRevealedWithoutPrivilege,
  identifierChangeWithoutPrivilege,
  profileMergesTraits,
  submitReturnToOverridesFlow,
  totpSetupAcceptsAnyCode,
} from './situations.js';
import { backupCodeAcceptedTwice, regeneratedCodesKeepOldSet } from './one-time-codes.js';
import { aal2LoginKeepsAal1, pausedSubmitNotResumed, refreshKeepsAuthenticationTime, refreshLoginForgetsReturnTo } from './resumption.js';
import {
  formSubmitSilentlyIgnored,
  rejectedBrowserSubmitForgetsMessages,
  storedFlowNotMarkedSuccess,
  successShowsOldIdentity,
} from './stored-state.js';

export type { Fault, FaultTarget } from './fault.js';

const ALL_FAULTS: readonly Fault[] = [
  aalErrorWithoutRedirect,
  aalErrorWrongId,
  aalRedirectWithoutAal,
  browserFlowWithoutCsrfNode,
  browserInitFound302,
  browserInitWithoutLocation,
  csrfNotChecked,
  csrfViolation400,
  errorCodeAlways400,
  expiredFlowGone404,
  expiredFlowReadable,
  expiredFlowSubmittable,
  expiredWithoutUseFlowId,
  expiresAtUnixNumber,
  foreignFlowReadable,
  foreignFlowSubmittable,
  jsonServedAsText,
  malformedFlowId500,
  nativeFlowTypedBrowser,
  nativeInitSetsCookie,
  nodeGroupTypo,
  oidcLinkWithoutRedirect,
  passwordNotPersisted,
  passwordPolicyNotEnforced,
  privilegeNotRequired,
  refreshErrorWithoutRedirect,
  refreshRedirectWithoutRefresh,
  returnToNotEnforced,
  settingsUiRedirectWithoutFlow,
  successIgnoresReturnTo,
  successStateShowForm,
  successStateTypo,
  successWithoutSavedMessage,
  traitsNotPersisted,
  uiActionWrongPath,
  unauthenticated403,
  unauthenticatedFlatError,
  unknownFlow400,
  unknownMethodSucceeds,
  validationAsErrorEnvelope,
  validationWithoutMessages,
  // Situations a suite only meets when it generates them.
  identifierChangeWithoutPrivilege,
  backupCodesRevealedWithoutPrivilege,
  totpSetupAcceptsAnyCode,
  backupCodesConfirmedWithoutCodes,
  profileMergesTraits,
  submitReturnToOverridesFlow,
  compressedWithoutContentEncoding,
  // Effects that show only where they are stored.
  successShowsOldIdentity,
  storedFlowNotMarkedSuccess,
  rejectedBrowserSubmitForgetsMessages,
  formSubmitSilentlyIgnored,
  // Continuations that lead nowhere usable.
  useFlowIdNeverStored,
  replacementFlowWrongType,
  expiredRedirectToSameFlow,
  refreshRedirectWithoutReturnTo,
  aalRedirectWithoutReturnTo,
  continueWithIgnoresReturnTo,
  // Values only a check of their meaning catches.
  issuedAtAfterExpiry,
  expiresAtIgnoresLifespan,
  timestampsInLocalTime,
  fetchExtendsExpiry,
  initReusesOpenFlow,
  errorFlowActionWithoutId,
  // Security properties and undeclared configuration.
  passwordEchoedOnError,
  newPasswordEchoedOnSuccess,
  apiSubmitSetsSessionCookie,
  aal2NeverRequired,
  // Changes interrupted for re-authentication that never go through.
  pausedSubmitNotResumed,
  refreshKeepsAuthenticationTime,
  refreshLoginForgetsReturnTo,
  aal2LoginKeepsAal1,
  // One-time codes that work more than once.
  backupCodeAcceptedTwice,
  regeneratedCodesKeepOldSet,
];

export const FAULTS: ReadonlyMap<string, Fault> = new Map(ALL_FAULTS.map((fault) => [fault.name, fault]));
