/** Faults in backup codes, the one-time codes the settings flow sets up. */
import type { Request } from '@hapi/hapi';
import { authenticate, type MockContext } from '../context.js';
import { isTruthy } from '../http/body.js';
import { lookupCodes, type LookupCode } from '../strategies/lookup-secret.js';
import { settingsRouteOf, type Fault } from './fault.js';
import { submittedBody } from './request-rewrite.js';

/** The identity a login flow upgrades (aal2 logins belong to a session). */
function upgradedIdentityOf(mock: MockContext, request: Request): string | undefined {
  const id = request.query['flow'];
  const flow = typeof id === 'string' ? mock.store.getLoginFlow(id) : undefined;
  const session = flow?.sessionId ? mock.store.getSession(flow.sessionId) : undefined;
  return session?.identityId;
}

function withCodes(mock: MockContext, identityId: string, codes: LookupCode[]): void {
  const identity = mock.store.getIdentity(identityId);
  const credential = identity?.credentials['lookup_secret'];
  if (!identity || !credential) return;
  mock.store.saveIdentity({
    ...identity,
    credentials: { ...identity.credentials, lookup_secret: { ...credential, config: { ...credential.config, recovery_codes: codes } } },
  });
}

/** Runs `after` once the response is decided, with the identity's codes as they were before the request. */
function aroundCodes(
  name: string,
  description: string,
  identityOf: (mock: MockContext, request: Request) => string | undefined,
  after: (mock: MockContext, identityId: string, before: LookupCode[]) => void,
): Fault {
  return {
    name,
    description,
    breaks: ['SF-ONE-TIME-CODE'],
    apply: ({ server, mock }) => {
      server.ext('onPreHandler', (request, h) => {
        const identityId = identityOf(mock, request);
        const identity = identityId === undefined ? undefined : mock.store.getIdentity(identityId);
        if (!identity || identityId === undefined) return h.continue;
        const before = structuredClone(lookupCodes(identity));
        (request.app as { afterCodes?: () => void }).afterCodes = () => after(mock, identityId, before);
        return h.continue;
      });
      server.ext('onPreResponse', (request, h) => {
        (request.app as { afterCodes?: () => void }).afterCodes?.();
        return h.continue;
      });
    },
  };
}

/** The code's used mark is written to a copy: the stored codes never change at login. */
export const backupCodeAcceptedTwice = aroundCodes(
  'backup-code-accepted-twice',
  'A backup code that reached AAL2 is never marked used, so the same code logs in again and again.',
  (mock, request) =>
    request.route.settings.id === 'updateLoginFlow' && submittedBody(request)['method'] === 'lookup_secret'
      ? upgradedIdentityOf(mock, request)
      : undefined,
  (mock, identityId, before) => withCodes(mock, identityId, before),
);

/** Confirming a new set adds it to the codes the identity had, instead of replacing them. */
export const regeneratedCodesKeepOldSet = aroundCodes(
  'regenerated-codes-keep-old-set',
  'Confirming newly generated backup codes adds them to the old ones instead of replacing them, so the codes the user thinks are retired still log in.',
  (mock, request) => {
    if (
      settingsRouteOf(request) !== 'updateSettingsFlow' ||
      request.method !== 'post' ||
      !isTruthy(submittedBody(request)['lookup_secret_confirm'])
    )
      return undefined;
    return authenticate(mock, request)?.identity.id;
  },
  (mock, identityId, before) => {
    const identity = mock.store.getIdentity(identityId);
    const now = identity ? lookupCodes(identity) : [];
    if (before.length > 0 && JSON.stringify(now) !== JSON.stringify(before)) withCodes(mock, identityId, [...before, ...now]);
  },
);
