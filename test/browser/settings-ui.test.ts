/**
 * A person's session with the built-in UI, in headless Debian Chromium: sign in, change a trait, the password (a weak one
 * first), set up TOTP from the shown secret, backup codes, link the fake OIDC provider, then lose the CSRF cookie.
 * Expected texts and ids come from docs/kratos-behavior.md (#strategies, #messages, #error-shapes). Screenshots go to test-artifacts/browser/.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Server } from '@hapi/hapi';
import { expect } from 'chai';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { mockContextOf, start } from '../../mock/index.js';
import { totp } from '../../suites/totp.js';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, freshProfileDirectory } from './support.js';

const EMAIL = 'browser-person@example.com';
const PASSWORD = 'initial passphrase for the browser test';
const SAVED = 'Your changes have been saved!';

describe('built-in settings UI in Chromium', function () {
  this.timeout(60_000);
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  let profileDirectory: string | undefined;
  let page: Page;
  let base: string;
  let identityId: string;
  const foreignRequests: string[] = [];
  const providerRequests: string[] = [];
  let providerOrigin = '';
  let shot = 0;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    skipped: ${CHROMIUM} is missing (install it with: bash scripts/install-browser.sh)`);
      this.skip();
    }
    server = await start({ port: 0, log: () => {} });
    base = server.info.uri;
    providerOrigin = mockContextOf(server).config.oidcProvider.url;
    const created = await fetch(`${base}/admin/identities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        schema_id: 'default',
        traits: { email: EMAIL },
        credentials: { password: { config: { password: PASSWORD } } },
      }),
    });
    expect(created.status).to.equal(201);
    identityId = ((await created.json()) as { id: string }).id;
    await mkdir(ARTIFACTS, { recursive: true });
    profileDirectory = await freshProfileDirectory();
    context = await chromium.launchPersistentContext(profileDirectory, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context.on('request', (request) => {
      const url = request.url();
      if (url.startsWith(`${providerOrigin}/`)) providerRequests.push(url);
      if (!url.startsWith(base) && !url.startsWith(`${providerOrigin}/`) && !url.startsWith('data:')) foreignRequests.push(url);
    });
    context.setDefaultTimeout(5_000);
    page = context.pages()[0] ?? (await context.newPage());
  });

  after(async () => {
    await context?.close();
    await server?.stop({ timeout: 1_000 });
    if (profileDirectory) await rm(profileDirectory, { recursive: true, force: true });
  });

  async function screenshot(name: string): Promise<void> {
    shot += 1;
    await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  /** Clicks a submit button and waits until the browser shows the page the redirects end on. */
  async function submitWith(button: Locator): Promise<void> {
    await page.evaluate(() => {
      (globalThis as { previousDocument?: boolean }).previousDocument = true;
    });
    await button.click();
    await page.waitForFunction(() => !(globalThis as { previousDocument?: boolean }).previousDocument);
    await page.waitForLoadState('load');
  }

  const section = (name: string) => page.getByRole('region', { name });

  it('signs in through the login page', async () => {
    await page.goto(`${base}/self-service/login/browser`);
    expect(new URL(page.url()).pathname).to.equal('/ui/login');
    await page.getByRole('textbox', { name: 'E-Mail', exact: true }).fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await screenshot('login');
    await submitWith(page.getByRole('button', { name: 'Sign in' }));
    expect(new URL(page.url()).pathname).to.equal('/ui/settings');
  });

  it('opens /self-service/settings/browser: a 303 to the settings UI with every method as a section', async () => {
    const response = await page.goto(`${base}/self-service/settings/browser`);
    const hop = response?.request().redirectedFrom();
    expect((await hop?.response())?.status()).to.equal(303);
    const url = new URL(page.url());
    expect(url.pathname).to.equal('/ui/settings');
    expect(url.searchParams.get('flow')).to.match(/^[0-9a-f-]{36}$/);
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings).to.include.members([
      'Profile',
      'Password',
      'Authenticator app',
      'Backup codes',
      'Security keys',
      'Passkeys',
      'Linked accounts',
    ]);
    expect(await page.getByRole('main').count()).to.equal(1);
    await screenshot('settings');
  });

  it('changes a trait through the profile form', async () => {
    await section('Profile').getByRole('textbox', { name: 'First name', exact: true }).fill('Ada');
    // Website stays blank: an empty optional field is not sent (its minLength must not reject the form).
    expect(await section('Profile').getByRole('textbox', { name: 'Website', exact: true }).inputValue()).to.equal('');
    await submitWith(section('Profile').getByRole('button', { name: 'Save' }));
    expect(await page.locator('[data-message-id="1050001"]').textContent()).to.equal(SAVED);
    expect(await section('Profile').getByRole('textbox', { name: 'First name', exact: true }).inputValue()).to.equal('Ada');
    const identity = (await (await fetch(`${base}/admin/identities/${identityId}`)).json()) as { traits: { name?: { first?: string } } };
    expect(identity.traits.name?.first).to.equal('Ada');
    await screenshot('profile-saved');
  });

  it('shows the password policy message for a weak password, then accepts a strong one', async () => {
    await section('Password').getByRole('textbox', { name: 'Password', exact: true }).fill('short');
    await submitWith(section('Password').getByRole('button', { name: 'Save' }));
    const policy = section('Password').locator('[data-message-id="4000032"]');
    expect(await policy.textContent()).to.equal('The password must be at least 8 characters long, but got 5.');
    expect(await policy.getAttribute('role')).to.equal('alert');
    const describedBy = await section('Password').getByRole('textbox', { name: 'Password', exact: true }).getAttribute('aria-describedby');
    expect(describedBy).to.be.a('string');
    await screenshot('password-too-short');
    await section('Password').getByRole('textbox', { name: 'Password', exact: true }).fill('Kettle-Lantern-Orchard-2026');
    await submitWith(section('Password').getByRole('button', { name: 'Save' }));
    expect(await page.locator('[data-message-id="1050001"]').textContent()).to.equal(SAVED);
  });

  it('sets up TOTP from the shown QR code and secret', async () => {
    const totpSection = section('Authenticator app');
    const qr = totpSection.locator('img');
    expect(await qr.getAttribute('alt')).to.equal('Authenticator app QR code');
    expect(
      await qr.evaluate((element) => {
        const image = element as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth > 0;
      }),
    ).to.equal(true);
    const secret = (await totpSection.locator('code').textContent())?.trim() ?? '';
    expect(secret).to.match(/^[A-Z2-7]{16,}$/);
    await screenshot('totp-setup');
    await totpSection.getByRole('textbox', { name: 'Verify code', exact: true }).fill(totp(secret, Date.now()));
    await submitWith(totpSection.getByRole('button', { name: 'Save' }));
    expect(await page.locator('[data-message-id="1050001"]').textContent()).to.equal(SAVED);
    expect(await section('Authenticator app').getByRole('button', { name: 'Unlink TOTP Authenticator App' }).count()).to.equal(1);
  });

  it('generates and confirms backup codes', async () => {
    await submitWith(section('Backup codes').getByRole('button', { name: 'Generate new backup recovery codes' }));
    const codes = await section('Backup codes').locator('ul.codes li').allTextContents();
    expect(codes).to.have.length(12);
    for (const code of codes) expect(code).to.have.length(8);
    await screenshot('backup-codes');
    await submitWith(section('Backup codes').getByRole('button', { name: 'Confirm backup recovery codes' }));
    expect(await page.locator('[data-message-id="1050001"]').textContent()).to.equal(SAVED);
  });

  it('links the fake OIDC provider, which is on an origin of its own', async () => {
    expect(new URL(providerOrigin).origin).not.to.equal(new URL(base).origin);
    await submitWith(section('Linked accounts').getByRole('button', { name: /^Link / }));
    expect(providerRequests.map((url) => new URL(url).pathname)).to.deep.equal(['/oidc/fake/auth']);
    expect(new URL(page.url()).pathname).to.equal('/ui/settings');
    expect(await page.locator('[data-message-id="1050001"]').textContent()).to.equal(SAVED);
    expect(
      await section('Linked accounts')
        .getByRole('button', { name: /^Unlink / })
        .count(),
    ).to.equal(1);
    await screenshot('oidc-linked');
  });

  it('sends a submit without the CSRF cookie to the error page with security_csrf_violation', async () => {
    const csrfCookies = (await context!.cookies()).filter((cookie) => cookie.name.startsWith('csrf_token_'));
    expect(csrfCookies).to.have.length(1);
    await context!.clearCookies({ name: csrfCookies[0]!.name });
    await submitWith(section('Profile').getByRole('button', { name: 'Save' }));
    expect(new URL(page.url()).pathname).to.equal('/ui/error');
    const alert = page.getByRole('alert');
    expect(await alert.first().textContent()).to.include('Cross-Site-Request-Forgery');
    expect(await page.getByRole('main').textContent())
      .to.include('security_csrf_violation')
      .and.include('403');
    await screenshot('csrf-violation');
  });

  it('loaded nothing from outside the mock and its OIDC provider', () => {
    expect(foreignRequests).to.deep.equal([]);
  });
});
