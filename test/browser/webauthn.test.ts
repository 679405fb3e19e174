/**
 * Security keys and passkeys in the built-in UI at the URL the CLI prints (http://localhost:<port>: Chromium refuses an
 * IP address as WebAuthn relying party id), with a CDP virtual authenticator standing in for the hardware.
 */
import { expect } from 'chai';
import { createIdentity, startMock, type Started } from '../mock/http-client.js';
import { addVirtualAuthenticator, launchChromium, navigateBy, requireChromium } from './support.js';

const EMAIL = 'webauthn-person@example.com';
const PASSWORD = 'a passphrase for the webauthn test';
const SAVED = 'Your changes have been saved!';

describe('WebAuthn and passkeys in the built-in UI with a virtual authenticator', function () {
  this.timeout(60_000);
  let mock: Started;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let identityId: string;
  let base: string;

  before(async function () {
    requireChromium(this);
    // As the CLI starts it for 127.0.0.1: listening on the IP address, public URL on localhost.
    mock = await startMock({ publicHostname: 'localhost', clock: Date.now });
    base = `http://localhost:${mock.server.info.port}`;
    identityId = await createIdentity(mock.base, EMAIL, PASSWORD);
    browser = await launchChromium();
    await addVirtualAuthenticator(browser);
  });
  after(async () => {
    await browser?.close();
    await mock?.stop();
  });

  const credentialTypes = async () => {
    const identity = (await (await fetch(`${mock.base}/admin/identities/${identityId}`)).json()) as {
      credentials: Record<string, unknown>;
    };
    return Object.keys(identity.credentials).sort();
  };

  it('signs in at the localhost URL and offers both methods with localhost as relying party', async () => {
    const { page } = browser;
    await page.goto(`${base}/self-service/login/browser`);
    await page.getByRole('textbox', { name: 'E-Mail', exact: true }).fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await navigateBy(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    await page.goto(`${base}/self-service/settings/browser`);
    expect(new URL(page.url()).host).to.equal(new URL(base).host);
    const options = JSON.parse((await page.locator('[name="webauthn_register_trigger"]').getAttribute('value')) ?? '{}');
    expect(options.publicKey.rp.id).to.equal('localhost');
  });

  it('registers a security key', async () => {
    const { page } = browser;
    const section = page.getByRole('region', { name: 'Security keys' });
    await section.getByRole('textbox', { name: 'Name of the security key', exact: true }).fill('Virtual key');
    await navigateBy(page, () => section.getByRole('button', { name: 'Add security key' }).click());
    expect(await page.locator('[data-message-id="1050001"]').textContent()).to.equal(SAVED);
    expect(await page.getByRole('button', { name: 'Remove security key "Virtual key"' }).count()).to.equal(1);
  });

  it('registers a passkey', async () => {
    const { page } = browser;
    await navigateBy(page, () => page.getByRole('region', { name: 'Passkeys' }).getByRole('button', { name: 'Add passkey' }).click());
    expect(await page.locator('[data-message-id="1050001"]').textContent()).to.equal(SAVED);
    expect(await page.getByRole('button', { name: /^Remove passkey "/ }).count()).to.equal(1);
    expect(await credentialTypes()).to.deep.equal(['passkey', 'password', 'webauthn']);
  });
});
