/** What the browser tests share: Chromium (location, flags, launch), a page server on another origin, an RFC 6238 code generator. */
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/browser');

export function freshProfileDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kratos-ui-chromium-'));
}

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of text.replace(/[=\s]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index === -1) throw new Error(`not base32: "${char}"`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** RFC 6238 with authenticator-app parameters: HMAC-SHA1, 30 s steps, `digits` digits. The key is raw bytes. */
export function totpFromKey(key: Buffer, unixMs: number, digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixMs / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The code an authenticator app shows for a base32 secret. */
export function totp(secret: string, unixMs: number): string {
  return totpFromKey(base32Decode(secret), unixMs);
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
    context, page,
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
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
}
