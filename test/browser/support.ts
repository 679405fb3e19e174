/**
 * What the browser tests share: Chromium (location, flags, launch) and a page server on another origin. TOTP codes come
 * from the suite's generator (suites/totp.ts).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/browser');

export function freshProfileDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kratos-ui-chromium-'));
}

/** Skips the suite when Debian's Chromium is missing, with the command that installs it. */
export function requireChromium(context: Mocha.Context): void {
  if (!existsSync(CHROMIUM)) {
    console.log(`    skipped: ${CHROMIUM} is missing (install it with: bash scripts/install-browser.sh)`);
    context.skip();
  }
}

/** A headless Chromium with a fresh profile; `close` also removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = await freshProfileDirectory();
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A page server on its own port (another origin than the mock's): every path answers this HTML. */
export async function servePage(html: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Runs `click` and waits until the browser shows the page the redirects it caused end on. */
export async function navigateBy(page: Page, click: () => Promise<void>): Promise<void> {
  await page.evaluate(() => ((globalThis as { previousDocument?: boolean }).previousDocument = true));
  await click();
  await page.waitForFunction(() => !(globalThis as { previousDocument?: boolean }).previousDocument);
  await page.waitForLoadState('load');
}

/** A platform authenticator with resident keys and user verification, through CDP, for WebAuthn and passkeys. */
export async function addVirtualAuthenticator(browser: { context: BrowserContext; page: Page }): Promise<void> {
  const cdp = await browser.context.newCDPSession(browser.page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}
