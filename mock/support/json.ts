/** JSON of sessions and admin identities, as Kratos serialises them. */
import type { MockContext } from '../context.js';
import { identityJson, rfc3339 } from '../settings/flow.js';
import type { Identity, Session } from '../store.js';

export function sessionJson(ctx: MockContext, session: Session, identity: Identity): Record<string, unknown> {
  return {
    id: session.id,
    active: session.active,
    expires_at: rfc3339(session.expiresAt),
    authenticated_at: rfc3339(session.authenticatedAt),
    authenticator_assurance_level: session.aal,
    authentication_methods: session.methods.map((method) => ({
      method: method.method,
      aal: method.aal,
      completed_at: rfc3339(method.completedAt),
    })),
    issued_at: rfc3339(session.issuedAt),
    identity: identityJson(ctx, identity),
    devices: [],
  };
}

/** The admin view: the identity plus its credentials without any secret (no `config`). */
export function adminIdentityJson(ctx: MockContext, identity: Identity): Record<string, unknown> {
  const credentials = Object.fromEntries(
    Object.entries(identity.credentials).map(([type, credential]) => [
      type,
      {
        type,
        identifiers: credential.identifiers,
        version: credential.version,
        created_at: rfc3339(credential.createdAt),
        updated_at: rfc3339(credential.updatedAt),
      },
    ]),
  );
  const { organization_id: organizationId, ...rest } = identityJson(ctx, identity);
  return { ...rest, credentials, metadata_admin: null, organization_id: organizationId };
}
