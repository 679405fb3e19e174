/**
 * The oidc strategy (docs/kratos-behavior.md#oidc): link a configured provider (through the built-in fake provider and
 * Kratos's callback route) or unlink one. No CSRF check, as in Kratos; privileged sessions only; OIDC connections are
 * first factors.
 */
import { errors } from '../errors.js';
import { authorizationUrl, fakeProviderRoutes } from '../oidc/fake-provider.js';
import { connections, isLinked, withoutConnection } from '../oidc/connections.js';
import { LINK_LIFESPAN_MS, PendingLinks } from '../oidc/pending-links.js';
import type { Identity } from '../store.js';
import { genericError, info, submitNode, type UiNode } from '../ui.js';
import type { SettingsStrategy, SettingsSubmission, StrategyDeps, StrategyResult } from './strategy.js';

/** `link` / `unlink` from the body, else from the query (Kratos decodes both). */
function field(submission: SettingsSubmission, name: 'link' | 'unlink'): string {
  const fromBody = submission.body[name];
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  return submission.query[name] ?? '';
}

function invalid(reason: string): StrategyResult {
  return { kind: 'invalid', messages: [{ message: genericError(reason) }] };
}

export function createStrategy(deps: StrategyDeps): SettingsStrategy {
  const { config } = deps;
  const links = new PendingLinks(deps.now);
  const routes = fakeProviderRoutes(deps, links);
  const linkedCount = (identity: Identity) => connections(identity).length;
  const isConfigured = (id: string) => config.oidcProviders.some((provider) => provider.id === id);

  return {
    method: 'oidc',
    group: 'oidc',
    populate({ identity, firstFactorCount }) {
      const canUnlink = firstFactorCount(identity) >= 2;
      const nodes: UiNode[] = [];
      for (const provider of config.oidcProviders) {
        const label = provider.label ?? provider.id;
        if (!isLinked(identity, provider.id)) {
          nodes.push(submitNode('oidc', 'link', provider.id, info(1050002, `Link ${label}`, { provider: label })));
        } else if (canUnlink) {
          nodes.push(submitNode('oidc', 'unlink', provider.id, info(1050003, `Unlink ${label}`, { provider: label })));
        }
      }
      return nodes;
    },
    isResponsible: (submission) => field(submission, 'link') !== '' || field(submission, 'unlink') !== '',
    isFirstFactor: (identity) => linkedCount(identity) > 0,
    firstFactorCredentials: linkedCount,
    routes: () => routes.callback,
    providerRoutes: () => routes.provider,
    async submit(ctx) {
      const link = field(ctx.submission, 'link');
      const unlink = field(ctx.submission, 'unlink');
      if (link !== '' && unlink !== '') return invalid('it is not possible to link and unlink providers in the same request');
      if (!ctx.isPrivileged()) return { kind: 'reauth' };
      if (link !== '') {
        if (!isConfigured(link) || isLinked(ctx.identity, link)) {
          return invalid('can not link unknown or already existing OpenID Connect connection');
        }
        const pending = links.create({
          provider: link,
          flowId: ctx.flow.id,
          sessionId: ctx.session.id,
          identityId: ctx.identity.id,
          expiresAt: Math.min(ctx.now() + LINK_LIFESPAN_MS, ctx.flow.expiresAt),
        });
        const url = authorizationUrl(config.oidcProvider.url, pending);
        const json = ctx.submission.isJson;
        return {
          kind: 'respond',
          write: (_request, h) => {
            // Thrown, the 422 takes the core's error path (docs/kratos-behavior.md#dispatch-forward), which answers a
            // JSON client with the envelope.
            if (json) throw errors.browserLocationChangeRequired(url);
            return h.response().code(303).header('Location', url);
          },
        };
      }
      if (ctx.firstFactorCount(ctx.identity) < 2) {
        return invalid('can not unlink OpenID Connect connection because it is the last remaining first factor credential');
      }
      if (!isConfigured(unlink) || !isLinked(ctx.identity, unlink)) return invalid('can not unlink non-existing OpenID Connect connection');
      return { kind: 'success', identity: withoutConnection(ctx.identity, ctx.store, unlink) };
    },
  };
}
