/**
 * The kinds of session a run works with, native (X-Session-Token) and browser (cookie), when the target gives only
 * one: the primary login finds out, later logins skip the missing kind, and a case that needs it is skipped.
 */
import type { RecordedExchange } from '../reporters/report.js';
import type { TargetClient } from './client.js';
import { CookieJar } from './cookies.js';
import {
  ProvisioningError,
  browserLogin,
  nativeLogin,
  tryBrowserLogin,
  tryNativeLogin,
  upgradeToAal2,
  type CookieNames,
  type Identity,
  type Session,
  type SessionProof,
} from './sessions.js';

/**
 * A case needs a kind of session (a native token or a browser cookie) the target would not give while provisioning:
 * the case cannot run, so it is skipped, and the cells only such cases reach stay not_reached with the reason.
 */
export class SessionUnavailable extends Error {
  override name = 'SessionUnavailable';
}

/** Stands in for the browser's jar when no browser login succeeded: sending it (or reading it) throws. */
export class UnavailableJar extends CookieJar {
  constructor(private readonly reason: string) {
    super();
  }

  override store(): never {
    throw new SessionUnavailable(this.reason);
  }

  override names(): never {
    throw new SessionUnavailable(this.reason);
  }

  override header(): never {
    throw new SessionUnavailable(this.reason);
  }

  /** Copying it changes nothing: every copy is as unavailable. */
  override clone(): CookieJar {
    return this;
  }
}

/** A browser session without a native token: reading its token throws, so only cases using the cookie run. */
export function browserOnlySession(identity: Identity, jar: CookieJar, cookieNames: CookieNames, reason: string): Session {
  return {
    identity,
    jar,
    cookieNames,
    authenticatedAt: Date.now(),
    get token(): string {
      throw new SessionUnavailable(reason);
    },
  };
}

/** The native token of a session that has one, else its browser cookie jar. */
export function proofOf(session: Session): SessionProof {
  try {
    return { token: session.token };
  } catch (error) {
    if (!(error instanceof SessionUnavailable) || session.jar === undefined) throw error;
    return { jar: session.jar };
  }
}

/**
 * Why the target gives no native or no browser session, once a primary login found out: such logins are not tried
 * again, and sessions come without that credential.
 */
export interface UnavailableKinds {
  native?: string;
  browser?: string;
}

/** A native login, and a browser one as well when asked, leaving out the kinds found unavailable. */
export async function login(
  client: TargetClient,
  identity: Identity,
  withBrowser: boolean,
  unavailable: UnavailableKinds = {},
): Promise<Session> {
  if (unavailable.native !== undefined) {
    if (!withBrowser) throw new SessionUnavailable(unavailable.native);
    const { jar, cookieNames } = await browserLogin(client, identity);
    return browserOnlySession(identity, jar, cookieNames, unavailable.native);
  }
  if (!withBrowser) return nativeLogin(client, identity);
  if (unavailable.browser !== undefined) return { ...(await nativeLogin(client, identity)), jar: new UnavailableJar(unavailable.browser) };
  // Independent of each other, so made side by side.
  const [session, { jar, cookieNames }] = await Promise.all([nativeLogin(client, identity), browserLogin(client, identity)]);
  return { ...session, jar, cookieNames, authenticatedAt: Date.now() };
}

/** A session of an identity with TOTP, upgraded to AAL2: native when the target gives native sessions, else a browser one. */
export async function aal2Session(
  client: TargetClient,
  identity: Identity,
  secret: string,
  unavailable: UnavailableKinds,
): Promise<Session> {
  if (unavailable.native === undefined) {
    const { token } = await upgradeToAal2(client, { token: (await nativeLogin(client, identity)).token }, secret);
    return { identity, token, authenticatedAt: Date.now() };
  }
  const { jar, cookieNames } = await browserLogin(client, identity);
  await upgradeToAal2(client, { jar }, secret);
  return browserOnlySession(identity, jar, cookieNames, unavailable.native);
}

/** Whether a password logs in (the exchange says), through a native login, or a browser one when there is no native session. */
export async function tryPasswordLogin(
  client: TargetClient,
  identifier: string,
  password: string,
  unavailable: UnavailableKinds,
): Promise<{ exchange: RecordedExchange }> {
  const { exchange } = await (unavailable.native === undefined
    ? tryNativeLogin(client, identifier, password)
    : tryBrowserLogin(client, identifier, password));
  // No answer says nothing about the password: the case is inconclusive (the network failed), not failed.
  if (exchange.response.status === 0)
    throw new ProvisioningError(`a password login got no answer: ${exchange.response.error ?? 'no response'}`, exchange);
  return { exchange };
}

/** Repeats a step whose request got no answer, as the run's retries allow. */
type Retried = <T>(step: () => Promise<T>) => Promise<T>;

/** The step's result, or the ProvisioningError of a target that answered and refused (no answer still throws). */
async function refusedOr<T>(retried: Retried, step: () => Promise<T>): Promise<T | ProvisioningError> {
  try {
    return await retried(step);
  } catch (error) {
    if (error instanceof ProvisioningError && error.exchange !== undefined && error.exchange.response.status !== 0) return error;
    throw error;
  }
}

/**
 * The primary login, which decides which kinds of session the target gives. When the native or the browser login is
 * refused, the run goes on with the other kind; both refused, or no answer, ends the run.
 */
export async function primaryLogin(
  client: TargetClient,
  identity: Identity,
  retried: Retried,
): Promise<{ session: Session; unavailable: UnavailableKinds }> {
  const [native, browser] = await Promise.all([
    refusedOr(retried, () => nativeLogin(client, identity)),
    refusedOr(retried, () => browserLogin(client, identity)),
  ]);
  if (native instanceof ProvisioningError) {
    if (browser instanceof ProvisioningError)
      throw new ProvisioningError(`no session could be obtained: ${native.message}; ${browser.message}`, native.exchange);
    const reason = `the target gave no native session (X-Session-Token), so no case using one ran: ${native.message}`;
    return { session: browserOnlySession(identity, browser.jar, browser.cookieNames, reason), unavailable: { native: reason } };
  }
  if (browser instanceof ProvisioningError) {
    const reason = `the target gave no browser session (cookie), so no case using one ran: ${browser.message}`;
    return { session: { ...native, jar: new UnavailableJar(reason) }, unavailable: { browser: reason } };
  }
  return { session: { ...native, ...browser, authenticatedAt: Date.now() }, unavailable: {} };
}
