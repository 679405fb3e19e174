/** Faults in situations a suite only meets when it tries them: unprivileged changes, wrong codes, merged traits. */
import { authenticate } from '../context.js';
import { isTruthy } from '../http/body.js';
import { totp } from '../crypto/totp.js';
import { settingsRouteOf, type Fault } from './fault.js';
import { addressedFlow, replaceBody, submittedBody } from './request-rewrite.js';
import { isPlainObject } from '../../spec/json.js';

/** A privileged-session check left out for one kind of change: the session counts as fresh while that submit runs. */
function privilegeSkippedFor(name: string, description: string, applies: (body: Record<string, unknown>) => boolean): Fault {
  return {
    name,
    description,
    breaks: ['SF-PRIVILEGED'],
    apply: ({ server, mock }) => {
      server.ext('onPreHandler', (request, h) => {
        if (settingsRouteOf(request) !== 'updateSettingsFlow' || request.method !== 'post' || !applies(submittedBody(request)))
          return h.continue;
        const auth = authenticate(mock, request);
        if (!auth) return h.continue;
        (request.app as { restoreAuthenticatedAt?: () => void }).restoreAuthenticatedAt = () => {
          const current = mock.store.getSession(auth.session.id);
          if (current) current.authenticatedAt = auth.session.authenticatedAt;
        };
        auth.session.authenticatedAt = mock.now();
        return h.continue;
      });
      server.ext('onPreResponse', (request, h) => {
        (request.app as { restoreAuthenticatedAt?: () => void }).restoreAuthenticatedAt?.();
        return h.continue;
      });
    },
  };
}

export const identifierChangeWithoutPrivilege = privilegeSkippedFor(
  'identifier-change-without-privilege',
  'Profile changes never ask for re-authentication, even when they change the trait the user logs in with.',
  (body) => body['method'] === 'profile',
);

export const backupCodesRevealedWithoutPrivilege = privilegeSkippedFor(
  'backup-codes-revealed-without-privilege',
  'Revealing the existing backup codes is treated as read-only, so an old session may show them without re-authenticating.',
  (body) => isTruthy(body['lookup_secret_reveal']),
);

/** The code check at TOTP setup only looks at the code's format: any six digits set TOTP up. */
export const totpSetupAcceptsAnyCode: Fault = {
  name: 'totp-setup-accepts-any-code',
  description: 'Setting TOTP up accepts any six-digit code instead of verifying it against the offered secret.',
  breaks: ['SF-UPDATE-400-VALIDATION'],
  apply: ({ server, mock }) =>
    server.ext('onPreHandler', (request, h) => {
      if (settingsRouteOf(request) !== 'updateSettingsFlow' || request.method !== 'post') return h.continue;
      const body = submittedBody(request);
      const secret = addressedFlow(mock, request)?.internalContext['totp_secret'];
      if (body['method'] === 'totp' && /^\d{6}$/.test(String(body['totp_code'] ?? '')) && typeof secret === 'string') {
        replaceBody(request, { ...body, totp_code: totp(secret, mock.now()) });
      }
      return h.continue;
    }),
};

/** Confirming saves whatever codes the flow holds, none included, instead of demanding that they were generated. */
export const backupCodesConfirmedWithoutCodes: Fault = {
  name: 'backup-codes-confirmed-without-codes',
  description: 'Confirming backup codes succeeds on a flow that never generated any (an empty set of codes is saved).',
  breaks: ['SF-UPDATE-400-VALIDATION'],
  apply: ({ server, mock }) =>
    server.ext('onPreHandler', (request, h) => {
      if (
        settingsRouteOf(request) !== 'updateSettingsFlow' ||
        request.method !== 'post' ||
        !isTruthy(submittedBody(request)['lookup_secret_confirm'])
      )
        return h.continue;
      const flow = addressedFlow(mock, request);
      if (flow && !Array.isArray(flow.internalContext['lookup_secret_codes'])) flow.internalContext['lookup_secret_codes'] = [];
      return h.continue;
    }),
};

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) merged[key] = deepMerge(base[key], value);
  return merged;
}

/** A PATCH-style profile update: submitted traits are merged into the stored ones, so a cleared trait stays. */
export const profileMergesTraits: Fault = {
  name: 'profile-merges-traits',
  description:
    'A profile submit is merged into the stored traits instead of replacing them, so a trait left out (cleared) keeps its old value.',
  breaks: ['SF-EFFECT-TRAITS', 'SF-STORED-STATE'],
  apply: ({ server, mock }) =>
    server.ext('onPreHandler', (request, h) => {
      if (settingsRouteOf(request) !== 'updateSettingsFlow' || request.method !== 'post') return h.continue;
      const body = submittedBody(request);
      const auth = authenticate(mock, request);
      if (body['method'] === 'profile' && auth && body['traits'] !== undefined)
        replaceBody(request, { ...body, traits: deepMerge(auth.identity.traits, body['traits']) });
      return h.continue;
    }),
};

/** The success redirect honours a return_to on the submit URL before the flow's own. */
export const submitReturnToOverridesFlow: Fault = {
  name: 'submit-return-to-overrides-flow',
  description: "After a successful browser submit the user is sent to the return_to of the submit URL instead of the flow's.",
  breaks: ['SF-UPDATE-SUCCESS', 'SF-CONTINUATION'],
  apply: ({ server, mock }) =>
    server.ext('onPreResponse', (request, h) => {
      const returnTo = request.query['return_to'];
      const response = request.response as {
        isBoom?: boolean;
        statusCode?: number;
        source?: unknown;
        header?: (name: string, value: string) => void;
      };
      if (
        settingsRouteOf(request) !== 'updateSettingsFlow' ||
        typeof returnTo !== 'string' ||
        response.isBoom ||
        addressedFlow(mock, request)?.state !== 'success'
      )
        return h.continue;
      if (response.statusCode === 303) response.header?.('Location', returnTo);
      const body = response.source as { continue_with?: Array<Record<string, unknown>> } | undefined;
      for (const item of body?.continue_with ?? []) if (item['action'] === 'redirect_browser_to') item['redirect_browser_to'] = returnTo;
      return h.continue;
    }),
};
