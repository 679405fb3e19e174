/**
 * The built-in fake OpenID Connect provider and Kratos's callback route. The provider's authorization endpoint, served
 * on the provider's own origin as a real provider is, signs the user in at once and sends them back with a code; the
 * callback (on the mock) checks state and code and finishes the settings flow through the standard success pipeline (docs/kratos-behavior.md#oidc-link).
 */
import type { Request, ResponseObject, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import { errors, type KratosError } from '../errors.js';
import { isJsonRequest } from '../http/negotiation.js';
import { withQuery } from '../http/urls.js';
import type { StrategyDeps } from '../strategies/strategy.js';
import { isLinked, withConnection } from './connections.js';
import type { PendingLink, PendingLinks } from './pending-links.js';

const CALLBACK_PATH = '/self-service/methods/oidc/callback';

export function authorizationUrl(providerUrl: string, link: PendingLink): string {
  return withQuery(`${providerUrl}/oidc/${encodeURIComponent(link.provider)}/auth`, { state: link.state });
}

function callbackUrl(publicBaseUrl: string, link: PendingLink, code: string): string {
  return withQuery(`${publicBaseUrl}${CALLBACK_PATH}/${encodeURIComponent(link.provider)}`, { code, state: link.state });
}

const UNKNOWN_STATE = 'The OpenID Connect state is unknown or has expired. Please start linking the account again.';

/** The provider's routes (its own server) and the callback (the mock's). */
export function fakeProviderRoutes(deps: StrategyDeps, links: PendingLinks): { provider: ServerRoute[]; callback: ServerRoute[] } {
  /**
   * Kratos's error UI (docs/kratos-behavior.md#error-ui): JSON clients get the error, everyone else the error UI with a
   * stored error id.
   */
  const fail = (request: Request, h: ResponseToolkit, error: KratosError): ResponseObject => {
    if (isJsonRequest(request.headers)) throw error;
    const container = deps.store.saveError(error.body()['error']);
    return h
      .response()
      .code(303)
      .header('Location', withQuery(deps.config.ui.error, { id: container.id }));
  };
  const pendingFor = (request: Request): PendingLink | undefined => {
    const link = links.get(request.query['state']);
    return link && link.provider === request.params['provider'] ? link : undefined;
  };

  const authorize: ServerRoute = {
    method: 'GET',
    path: '/oidc/{provider}/auth',
    options: { id: 'fakeOidcAuthorize' },
    handler: (request, h) => {
      const link = pendingFor(request);
      if (!link) return fail(request, h, errors.badRequest(UNKNOWN_STATE));
      const code = links.issueCode(link);
      return h
        .response()
        .code(303)
        .header('Location', callbackUrl(deps.config.publicBaseUrl, link, code));
    },
  };

  const callback: ServerRoute = {
    method: 'GET',
    path: `${CALLBACK_PATH}/{provider}`,
    options: { id: 'oidcCallback' },
    handler: async (request, h) => {
      const link = pendingFor(request);
      const code = request.query['code'];
      if (!link || link.code === undefined || code !== link.code) return fail(request, h, errors.badRequest(UNKNOWN_STATE));
      links.finish(link);
      const session = deps.store.getSession(link.sessionId);
      const identity = deps.store.getIdentity(link.identityId);
      if (!session || !identity || !deps.store.activeSessionByToken(session.token)) {
        return fail(
          request,
          h,
          errors.unauthorized('The session that started linking this account is no longer active. Please sign in again.'),
        );
      }
      const flow = deps.store.getSettingsFlow(link.flowId);
      if (!flow || flow.identityId !== identity.id) {
        return fail(request, h, errors.notFound('The settings request could not be found. Please restart the flow.'));
      }
      if (!deps.config.oidcProviders.some((provider) => provider.id === link.provider) || isLinked(identity, link.provider)) {
        return fail(request, h, errors.badRequest('can not link unknown or already existing OpenID Connect connection'));
      }
      const linked = withConnection(identity, deps.store, { provider: link.provider, subject: identity.id });
      return deps.completeSettings(request, h, { flowId: flow.id, sessionId: session.id, identity: linked });
    },
  };

  return { provider: [authorize], callback: [callback] };
}
