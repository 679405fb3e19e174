/** The identity's `oidc` credential: one connection per linked provider, identifier `<provider>:<subject>` as in Kratos. */
import type { MemoryStore, Identity } from '../store.js';

export interface OidcConnection {
  provider: string;
  subject: string;
}

export function connections(identity: Identity): OidcConnection[] {
  const providers = identity.credentials['oidc']?.config['providers'];
  return Array.isArray(providers) ? (providers as OidcConnection[]) : [];
}

export function isLinked(identity: Identity, provider: string): boolean {
  return connections(identity).some((connection) => connection.provider === provider);
}

function withConnections(identity: Identity, store: MemoryStore, list: OidcConnection[]): Identity {
  const credentials = { ...identity.credentials };
  if (list.length === 0) {
    delete credentials['oidc'];
  } else {
    const identifiers = list.map(({ provider, subject }) => `${provider}:${subject}`);
    const base = credentials['oidc'] ?? store.newCredential('oidc', identifiers, {});
    credentials['oidc'] = { ...base, identifiers, config: { ...base.config, providers: list } };
  }
  return { ...identity, credentials };
}

export function withConnection(identity: Identity, store: MemoryStore, connection: OidcConnection): Identity {
  return withConnections(identity, store, [...connections(identity), connection]);
}

export function withoutConnection(identity: Identity, store: MemoryStore, provider: string): Identity {
  return withConnections(
    identity,
    store,
    connections(identity).filter((connection) => connection.provider !== provider),
  );
}
