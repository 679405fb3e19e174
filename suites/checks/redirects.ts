/** Where redirects and redirect_browser_to point. UI URLs are configurable, so they are recognised by shape. */
import { headerOf } from '../client.js';
import type { LocationKind, Outcome } from '../oracle.js';
import { PASS, SKIP, asRecord, errorIdOf, fail, type Check, type CheckContext } from './types.js';

function locationOf(context: CheckContext): URL | undefined {
  const location = headerOf(context.exchange, 'location');
  if (location === undefined) return undefined;
  try {
    return new URL(location, context.exchange.request.url);
  } catch {
    return undefined;
  }
}

/** Whether a redirect target has the shape of an outcome's location kind. */
export function locationMatches(outcome: Outcome & { location: LocationKind }, url: URL): boolean {
  switch (outcome.location) {
    case 'login':
      return /login/i.test(url.href);
    case 'login-aal2':
      return url.searchParams.get('aal') === 'aal2';
    case 'login-refresh':
      return url.searchParams.get('refresh') === 'true';
    case 'settings-ui':
      return (url.searchParams.get('flow') ?? '') !== '';
    case 'error-ui':
      return url.searchParams.get('id') !== null;
    case 'return-to':
      return outcome.returnTo !== undefined && url.href.startsWith(outcome.returnTo);
    case 'anywhere':
      return true;
  }
}

/**
 * The redirect's URL when one of the outcomes the oracle accepts for this status expects one of `kinds`, and the
 * URL does not already fit another accepted outcome (several outcomes may share a status, e.g. 303).
 */
function misplacedRedirect(context: CheckContext, kinds: readonly LocationKind[]): { url: URL } | 'fits' | undefined {
  const status = context.exchange.response.status;
  const candidates = (context.expectation?.outcomes ?? []).filter(
    (outcome): outcome is Outcome & { location: LocationKind } => outcome.status === status && outcome.location !== undefined,
  );
  if (!candidates.some((outcome) => kinds.includes(outcome.location))) return undefined;
  const url = locationOf(context);
  if (!url) return undefined;
  return candidates.some((outcome) => locationMatches(outcome, url)) ? 'fits' : { url };
}

export const redirectLocationPointsAtLoginUi: Check = {
  name: 'redirectLocationPointsAtLoginUi',
  requirements: ['SF-UNAUTHENTICATED', 'SF-AAL2-REQUIRED', 'SF-PRIVILEGED', 'SF-UI-URL'],
  appliesTo: { statuses: 'redirect' },
  evaluate(context) {
    const found = misplacedRedirect(context, ['login', 'login-aal2', 'login-refresh']);
    if (found === undefined) return SKIP;
    if (found === 'fits' || locationMatches({ status: 0, location: 'login' }, found.url)) return PASS;
    // The login UI URL is the target's configuration: a URL without "login" in it may still be right (SF-UI-URL).
    return fail(`expected a redirect to login, Location is ${found.url.href}`, 'SF-UI-URL');
  },
};

export const redirectLocationAsksForSecondFactor: Check = {
  name: 'redirectLocationAsksForSecondFactor',
  requirements: ['SF-AAL2-REQUIRED'],
  appliesTo: { statuses: 'redirect' },
  evaluate(context) {
    const found = misplacedRedirect(context, ['login-aal2']);
    if (found === undefined) return SKIP;
    return found === 'fits' ? PASS : fail(`the redirect to login does not ask for aal=aal2: ${found.url.href}`);
  },
};

export const redirectLocationAsksForReauthentication: Check = {
  name: 'redirectLocationAsksForReauthentication',
  requirements: ['SF-PRIVILEGED'],
  appliesTo: { statuses: 'redirect' },
  evaluate(context) {
    const found = misplacedRedirect(context, ['login-refresh']);
    if (found === undefined) return SKIP;
    return found === 'fits' ? PASS : fail(`the redirect to login does not ask for refresh=true: ${found.url.href}`);
  },
};

export const redirectLocationPointsAtSettingsUi: Check = {
  name: 'redirectLocationPointsAtSettingsUi',
  requirements: ['SF-INIT-SUCCESS', 'SF-UPDATE-410-EXPIRED', 'SF-UPDATE-400-VALIDATION'],
  appliesTo: { statuses: 'redirect' },
  evaluate(context) {
    const found = misplacedRedirect(context, ['settings-ui']);
    if (found === undefined) return SKIP;
    return found === 'fits'
      ? PASS
      : fail(`expected a redirect to the settings UI with ?flow=<id>, Location is ${found.url.href}`, context.expectation?.requirement);
  },
};

export const redirectLocationPointsAtErrorUi: Check = {
  name: 'redirectLocationPointsAtErrorUi',
  requirements: ['SF-RETURN-TO', 'SF-FOREIGN-FLOW', 'SF-UPDATE-CSRF', 'SF-UPDATE-FLOW-ID', 'SF-UI-URL'],
  appliesTo: { statuses: 'redirect' },
  evaluate(context) {
    const found = misplacedRedirect(context, ['error-ui']);
    if (found === undefined) return SKIP;
    if (found === 'fits') return PASS;
    if (locationMatches({ status: 0, location: 'settings-ui' }, found.url)) {
      return fail(
        `expected a redirect to the error UI (?id=<error id>), got a flow page: ${found.url.href}`,
        context.expectation?.requirement,
      );
    }
    // The error UI URL is the target's configuration: only a flow page is surely wrong (SF-UI-URL).
    return fail(`expected a redirect to the error UI with ?id=<error id>, Location is ${found.url.href}`, 'SF-UI-URL');
  },
};

export const successRedirectPointsAtReturnTo: Check = {
  name: 'successRedirectPointsAtReturnTo',
  requirements: ['SF-UPDATE-SUCCESS'],
  appliesTo: { statuses: 'redirect' },
  evaluate(context) {
    const found = misplacedRedirect(context, ['return-to']);
    if (found === undefined) return SKIP;
    const returnTo = context.expectation?.outcomes.find((outcome) => outcome.location === 'return-to')?.returnTo;
    return found === 'fits'
      ? PASS
      : fail(`after a successful submit the browser was sent to ${found.url.href}, not to the flow's return_to ${returnTo ?? ''}`);
  },
};

function redirectBrowserTo(body: unknown): URL | undefined {
  const record = asRecord(body);
  const value = record?.['redirect_browser_to'] ?? asRecord(asRecord(record?.['error'])?.['details'])?.['redirect_browser_to'];
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function redirectBrowserToCheck(
  name: string,
  errorId: string,
  status: number,
  requirement: 'SF-AAL2-REQUIRED' | 'SF-PRIVILEGED' | 'SF-UPDATE-422-OIDC',
  test: (url: URL) => string | undefined,
): Check {
  return {
    name,
    requirements: [requirement],
    appliesTo: { statuses: [status] },
    evaluate({ body }) {
      if (errorIdOf(body) !== errorId) return SKIP;
      const url = redirectBrowserTo(body);
      if (!url) return fail(`${errorId} without an absolute redirect_browser_to URL`);
      const problem = test(url);
      return problem === undefined ? PASS : fail(`redirect_browser_to ${url.href} ${problem}`);
    },
  };
}

export const aalErrorCarriesRedirectBrowserTo = redirectBrowserToCheck(
  'aalErrorCarriesRedirectBrowserTo',
  'session_aal2_required',
  403,
  'SF-AAL2-REQUIRED',
  (url) => (url.searchParams.get('aal') === 'aal2' ? undefined : 'does not ask for aal=aal2'),
);

export const refreshErrorCarriesRedirectBrowserTo = redirectBrowserToCheck(
  'refreshErrorCarriesRedirectBrowserTo',
  'session_refresh_required',
  403,
  'SF-PRIVILEGED',
  (url) => (url.searchParams.get('refresh') === 'true' ? undefined : 'does not ask for refresh=true'),
);

export const locationChangeCarriesRedirectBrowserTo = redirectBrowserToCheck(
  'locationChangeCarriesRedirectBrowserTo',
  'browser_location_change_required',
  422,
  'SF-UPDATE-422-OIDC',
  () => undefined,
);

export const REDIRECT_CHECKS: readonly Check[] = [
  redirectLocationPointsAtLoginUi,
  redirectLocationAsksForSecondFactor,
  redirectLocationAsksForReauthentication,
  redirectLocationPointsAtSettingsUi,
  redirectLocationPointsAtErrorUi,
  successRedirectPointsAtReturnTo,
  aalErrorCarriesRedirectBrowserTo,
  refreshErrorCarriesRedirectBrowserTo,
  locationChangeCarriesRedirectBrowserTo,
];
