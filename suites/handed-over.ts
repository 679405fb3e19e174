/**
 * Pre-created test identities (--identity) for targets whose admin API the tester cannot reach. Their roles, in the
 * order given: the primary identity, the other identity (cross-identity checks), the identity that gets TOTP (AAL2
 * checks), then one or more for fresh sessions. The suite notes each identity's traits and password at its first
 * login and puts back what it changed when the run ends.
 */
import { isPlainObject } from '../spec/json.js';
import type { TargetClient } from './client.js';
import type { CookieJar } from './cookies.js';
import { UnavailableJar, proofOf, type UnavailableKinds } from './session-kinds.js';
import {
  ProvisioningError,
  browserLogin,
  nativeLogin,
  submitSettings,
  upgradeToAal2,
  whoami,
  type Identity,
  type Session,
  type SessionProof,
} from './sessions.js';

/** primary, other, second factor, fresh sessions. */
export const HANDED_OVER_MINIMUM = 4;

interface Original {
  password: string;
  traits: Record<string, unknown> | undefined;
}

export class HandedOverIdentities {
  readonly primary: Identity;
  readonly other: Identity;
  readonly secondFactor: Identity;
  private readonly fresh: Identity[];
  private nextFresh = 0;
  private readonly originals = new Map<Identity, Original>();
  /** The TOTP secret the suite set up on the second-factor identity, to remove it at the end. */
  totpSecret: string | undefined;

  constructor(private readonly given: ReadonlyArray<{ identifier: string; password: string }>) {
    const identities = given.map(({ identifier, password }) => ({ id: '', traits: {}, identifier, password }));
    [this.primary, this.other, this.secondFactor] = identities as [Identity, Identity, Identity];
    // The other identity takes turns too, so two fresh sessions in a row belong to two identities.
    this.fresh = [...identities.slice(3), this.other];
    for (const identity of identities) this.originals.set(identity, { password: identity.password, traits: undefined });
  }

  /** Provisioning fails, naming what each identity is for, when too few were given. */
  assertEnough(): void {
    if (this.given.length >= HANDED_OVER_MINIMUM) return;
    throw new ProvisioningError(
      `--identity was given ${this.given.length} time(s); a run on handed-over identities needs at least ${HANDED_OVER_MINIMUM}: a primary one, another one for cross-identity checks, one that gets TOTP for the AAL2 checks, and one or more for fresh sessions`,
    );
  }

  /** The next identity for a fresh session, in turn. */
  nextForFreshSession(): Identity {
    const identity = this.fresh[this.nextFresh % this.fresh.length]!;
    this.nextFresh += 1;
    return identity;
  }

  /** Reads the identity's traits (and id) at its first login, so they can be put back. */
  async remember(client: TargetClient, session: Session): Promise<void> {
    const original = this.originals.get(session.identity);
    if (!original || original.traits !== undefined) return;
    const identity = asRecordOf((await whoami(client, proofOf(session))).json, 'identity');
    const traits = identity?.['traits'];
    if (!isPlainObject(traits))
      throw new ProvisioningError(`/sessions/whoami shows no traits for handed-over identity ${session.identity.identifier}`);
    original.traits = structuredClone(traits);
    session.identity.traits = structuredClone(traits);
    if (typeof identity?.['id'] === 'string') session.identity.id = identity['id'];
  }

  /**
   * Puts back traits, password and TOTP where the run changed them, through browser flows when the target gives no
   * native session; resolves to what could not be put back.
   */
  async restore(client: TargetClient, unavailable: UnavailableKinds): Promise<string[]> {
    const problems: string[] = [];
    for (const [identity, original] of this.originals) {
      const changedPassword = identity.password !== original.password;
      const changedTraits = original.traits !== undefined && JSON.stringify(identity.traits) !== JSON.stringify(original.traits);
      const addedTotp = identity === this.secondFactor && this.totpSecret !== undefined;
      if (!changedPassword && !changedTraits && !addedTotp) continue;
      try {
        let proof: SessionProof =
          unavailable.native === undefined
            ? { token: (await nativeLogin(client, identity)).token }
            : { jar: (await browserLogin(client, identity)).jar };
        if (addedTotp) {
          proof = await upgradeToAal2(client, proof, this.totpSecret!);
          await submitSettings(client, proof, { method: 'totp', totp_unlink: true }, 'removing the TOTP the run set up');
        }
        if (changedTraits) await submitSettings(client, proof, { method: 'profile', traits: original.traits }, 'restoring its traits');
        if (changedPassword)
          await submitSettings(client, proof, { method: 'password', password: original.password }, 'restoring its password');
      } catch (error) {
        problems.push(`handed-over identity ${identity.identifier} was left changed: ${(error as Error).message}`);
      }
    }
    return problems;
  }
}

function asRecordOf(value: unknown, key: string): Record<string, unknown> | undefined {
  const inner = isPlainObject(value) ? value[key] : undefined;
  return isPlainObject(inner) ? inner : undefined;
}

/**
 * Ends a session through the logout endpoints, for a session that was valid and is no more when no identity may be
 * deleted: https://www.ory.sh/docs/reference/api#tag/frontend/operation/performNativeLogout and createBrowserLogoutFlow.
 */
export async function logOut(client: TargetClient, session: Session): Promise<boolean> {
  const proof = proofOf(session);
  if ('token' in proof) {
    const native = await client.send({
      method: 'DELETE',
      url: '/self-service/logout/api',
      headers: { accept: 'application/json' },
      json: { session_token: proof.token },
    });
    if (native.status !== 204) return false;
  }
  if (!session.jar || session.jar instanceof UnavailableJar) return true;
  const jar: CookieJar = session.jar.clone();
  const flow = await client.send({ method: 'GET', url: '/self-service/logout/browser', headers: { accept: 'application/json' }, jar });
  const url = asRecordOf({ flow: flow.json }, 'flow')?.['logout_url'];
  if (flow.status !== 200 || typeof url !== 'string') return false;
  const done = await client.send({ method: 'GET', url, headers: { accept: 'application/json' }, jar });
  return done.status >= 200 && done.status < 400;
}
