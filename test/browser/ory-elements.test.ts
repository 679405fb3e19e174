/**
 * Ory's own UI components, @ory/elements-markup (what kratos-selfservice-ui-node renders), pointed at the mock as a
 * server-rendered front end on another origin: login → every settings method → logout in Chromium, with a virtual
 * authenticator for the security key and the passkey.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { UserAuthCard, UserSettingsCard } from '@ory/elements-markup';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createIdentity, startMock, type Started } from '../mock/http-client.js';
import { totp } from '../../suites/totp.js';
import { addVirtualAuthenticator, launchChromium, navigateBy, requireChromium } from './support.js';

const EMAIL = 'elements-person@example.com';
const PASSWORD = 'a passphrase for the elements test';
const SAVED = 'Your changes have been saved!';
const METHODS = ['profile', 'password', 'totp', 'lookup_secret', 'webauthn', 'passkey', 'oidc'] as const;
const STYLE = readFileSync(createRequire(import.meta.url).resolve('@ory/elements-markup/style.css'), 'utf8');

/** The front end: reads flows from the mock with the browser's cookies, as ui-node does with @ory/client. */
function frontEnd(mockUrl: () => string) {
  const fetchFlow = async (request: IncomingMessage, path: string) => {
    const response = await fetch(`${mockUrl()}${path}`, { headers: { accept: 'application/json', cookie: request.headers.cookie ?? '' } });
    return { status: response.status, body: (await response.json()) as any };
  };
  // Server-rendered cards carry no click handlers: the page loads Kratos's webauthn.js from the mock and calls its
  // functions without arguments, as @ory/elements-react v1 does, so the options come from the trigger's value.
  const scripts = () => `<script src="${mockUrl()}/.well-known/ory/webauthn.js"></script><script>
document.addEventListener('click', (event) => {
  if (event.target.closest('button[name="webauthn_register_trigger"]')) window.oryWebAuthnRegistration();
  if (event.target.closest('button[name="passkey_register_trigger"]')) window.oryPasskeySettingsRegistration();
});
</script>`;
  const page = (response: ServerResponse, title: string, body: string) => {
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html><head><title>${title}</title><style>${STYLE}</style></head><body>${body}${scripts()}</body></html>`);
  };
  const redirect = (response: ServerResponse, location: string) => response.writeHead(303, { location }).end();
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://ui.invalid');
    const flowId = url.searchParams.get('flow');
    void (async () => {
      if (url.pathname === '/login') {
        if (!flowId) return redirect(response, `${mockUrl()}/self-service/login/browser`);
        const flow = await fetchFlow(request, `/self-service/login/flows?id=${flowId}`);
        if (flow.status !== 200) return redirect(response, `${mockUrl()}/self-service/login/browser`);
        return page(response, 'Sign in', UserAuthCard({ flow: flow.body, flowType: 'login', includeScripts: true } as never));
      }
      if (url.pathname === '/settings') {
        if (!flowId) return redirect(response, `${mockUrl()}/self-service/settings/browser`);
        const flow = await fetchFlow(request, `/self-service/settings/flows?id=${flowId}`);
        if (flow.status !== 200) return redirect(response, `${mockUrl()}/self-service/settings/browser`);
        const logout = await fetchFlow(request, '/self-service/logout/browser');
        const messages = (flow.body.ui.messages ?? [])
          .map((message: any) => `<p data-message-id="${message.id}">${message.text}</p>`)
          .join('');
        const cards = METHODS.map(
          (method) =>
            `<section data-method="${method}">${UserSettingsCard({ flow: flow.body, method, includeScripts: true } as never)}</section>`,
        );
        return page(response, 'Settings', `${messages}${cards.join('')}<a id="logout" href="${logout.body.logout_url}">Log out</a>`);
      }
      return page(response, 'Error', `<pre id="error">${url.search}</pre>`);
    })().catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
}

describe('Ory Elements (@ory/elements-markup) on the mock in Chromium', function () {
  this.timeout(90_000);
  let mock: Started;
  let ui: ReturnType<typeof frontEnd>;
  let uiUrl: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let identityId: string;
  const mockUrl = () => `http://localhost:${mock.server.info.port}`;
  const saved = (page: Page) => page.locator('[data-message-id="1050001"]').textContent();

  before(async function () {
    requireChromium(this);
    ui = frontEnd(mockUrl);
    await new Promise<void>((resolve) => ui.listen(0, '127.0.0.1', resolve));
    uiUrl = `http://localhost:${(ui.address() as AddressInfo).port}`;
    mock = await startMock({
      publicHostname: 'localhost',
      clock: Date.now,
      config: {
        ui: { login: `${uiUrl}/login`, settings: `${uiUrl}/settings`, error: `${uiUrl}/error` },
        default_browser_return_url: `${uiUrl}/settings`,
        allowed_return_urls: [`${uiUrl}/`],
      },
    });
    identityId = await createIdentity(mock.base, EMAIL, PASSWORD);
    browser = await launchChromium();
    await addVirtualAuthenticator(browser);
  });
  after(async () => {
    await browser?.close();
    await mock?.stop();
    await new Promise((resolve) => ui?.close(resolve));
  });

  it('signs in through the login card and lands on the settings cards', async () => {
    const { page } = browser;
    await page.goto(`${mockUrl()}/self-service/login/browser`);
    expect(new URL(page.url()).origin).to.equal(uiUrl);
    await page.locator('input[name="identifier"]').fill(EMAIL);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await navigateBy(page, () => page.locator('button[name="method"][value="password"]').click());
    expect(new URL(page.url()).pathname).to.equal('/settings');
    expect(new URL(page.url()).searchParams.get('flow')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('changes the profile', async () => {
    const { page } = browser;
    await page.locator('[data-method="profile"] input[name="traits.name.first"]').fill('Elle');
    await navigateBy(page, () => page.locator('[data-method="profile"] button[name="method"][value="profile"]').click());
    expect(await saved(page)).to.equal(SAVED);
  });

  it('changes the password', async () => {
    const { page } = browser;
    await page.locator('[data-method="password"] input[name="password"]').fill('Kettle-Lantern-Orchard-2026');
    await navigateBy(page, () => page.locator('[data-method="password"] button[name="method"][value="password"]').click());
    expect(await saved(page)).to.equal(SAVED);
  });

  it('sets up TOTP from the shown secret', async () => {
    const { page } = browser;
    const flow = (await (
      await fetch(`${mockUrl()}/self-service/settings/flows?id=${new URL(page.url()).searchParams.get('flow')}`, {
        headers: {
          accept: 'application/json',
          cookie: (await browser.context.cookies(mockUrl())).map((cookie) => `${cookie.name}=${cookie.value}`).join('; '),
        },
      })
    ).json()) as any;
    const secret = flow.ui.nodes.find((node: any) => node.attributes.id === 'totp_secret_key').attributes.text.context.secret as string;
    expect(await page.locator('[data-method="totp"]').textContent()).to.include(secret);
    await page.locator('[data-method="totp"] input[name="totp_code"]').fill(totp(secret, Date.now()));
    await navigateBy(page, () => page.locator('[data-method="totp"] button[name="method"][value="totp"]').click());
    expect(await saved(page)).to.equal(SAVED);
    expect(await page.locator('[data-method="totp"] button[name="totp_unlink"]').count()).to.equal(1);
  });

  it('generates and confirms backup codes', async () => {
    const { page } = browser;
    await navigateBy(page, () => page.locator('[data-method="lookup_secret"] button[name="lookup_secret_regenerate"]').click());
    await navigateBy(page, () => page.locator('[data-method="lookup_secret"] button[name="lookup_secret_confirm"]').click());
    expect(await saved(page)).to.equal(SAVED);
  });

  it('adds a security key and a passkey', async () => {
    const { page } = browser;
    await page.locator('[data-method="webauthn"] input[name="webauthn_register_displayname"]').fill('Elements key');
    await navigateBy(page, () => page.locator('[data-method="webauthn"] button[name="webauthn_register_trigger"]').click());
    expect(await saved(page)).to.equal(SAVED);
    await navigateBy(page, () => page.locator('[data-method="passkey"] button[name="passkey_register_trigger"]').click());
    expect(await saved(page)).to.equal(SAVED);
  });

  it('links the fake OIDC provider', async () => {
    const { page } = browser;
    await navigateBy(page, () => page.locator('[data-method="oidc"] button[name="link"][value="fake"]').click());
    expect(await saved(page)).to.equal(SAVED);
    const identity = (await (await fetch(`${mock.base}/admin/identities/${identityId}`)).json()) as {
      credentials: Record<string, unknown>;
    };
    expect(Object.keys(identity.credentials).sort()).to.deep.equal(['lookup_secret', 'oidc', 'passkey', 'password', 'totp', 'webauthn']);
  });

  it('logs out', async () => {
    const { page } = browser;
    await navigateBy(page, () => page.locator('#logout').click());
    expect(new URL(page.url()).pathname).to.equal('/login');
    const whoami = await page
      .evaluate(async (url) => (await fetch(`${url}/sessions/whoami`, { credentials: 'include' })).status, mockUrl())
      .catch(() => 0);
    expect([401, 0]).to.include(whoami);
    await page.goto(`${mockUrl()}/self-service/settings/browser`);
    expect(new URL(page.url()).pathname).to.equal('/login');
  });
});
