// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a reader sees, which is under test.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { escapeHtml, renderHtml, sealReport } from '../../reporters/index.js';
import { renderSource } from '../../reporters/html.js';
import { SETTINGS_CELLS } from '../../spec/operations.js';
import { errorReport } from './fixtures/error-report.js';
import { EXPIRED_FLOW_CURL, HOSTILE_BODY, failingReport } from './fixtures/failing-report.js';
import { passingReport } from './fixtures/passing-report.js';
import { temporaryDirectory } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('report.html (static)', () => {
  it('escapes the five characters that make markup', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).to.equal('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('holds no script, no external resource and no markup from the target', () => {
    const html = renderHtml(sealReport(failingReport()));
    expect(html).not.to.match(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.to.match(/<[a-z][^>]*\ssrc\s*=/i);
    // The only links are requirement sources' public pages.
    const hrefs = [...html.matchAll(/\shref\s*=\s*"([^"]*)"/gi)].map((match) => match[1]);
    expect(hrefs).not.to.deep.equal([]);
    for (const href of hrefs) expect(href).to.match(/^https:\/\/(www\.ory\.sh\/docs\/|github\.com\/ory\/kratos\/)/);
    expect(html.match(/<a\s/gi)?.length).to.equal(hrefs.length);
    expect(html).not.to.include('<script>window.__pwned');
    expect(html).to.include(escapeHtml('<script>window.__pwned = 1</script>'));
  });
});

describe('requirement sources in report.html', () => {
  it('links the public pages and keeps the punctuation around them as text', () => {
    expect(
      renderSource('https://www.ory.sh/docs/kratos/self-service/flows/user-settings: "410"; docs/kratos-behavior.md#get-flow'),
    ).to.equal(
      '<a href="https://www.ory.sh/docs/kratos/self-service/flows/user-settings" rel="noreferrer">https://www.ory.sh/docs/kratos/self-service/flows/user-settings</a>: &quot;410&quot;; docs/kratos-behavior.md#get-flow',
    );
    expect(renderSource('https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/x/http.go#L1-L2.')).to.include(
      'href="https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/x/http.go#L1-L2"',
    );
  });

  it('links nothing else: other hosts, other schemes and markup stay text', () => {
    for (const source of [
      'https://evil.example/docs/',
      'javascript:alert(1)',
      'http://www.ory.sh/docs/x',
      '<a href="https://evil.example">x</a>',
      'https://www.ory.sh.evil.example/docs/',
    ]) {
      expect(renderSource(source), source).not.to.match(/<a\s/);
    }
  });
});

describe('report.html in Chromium', () => {
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  const requests: string[] = [];
  const dialogs: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    skipped: ${CHROMIUM} is missing (install it with: bash scripts/install-browser.sh)`);
      this.skip();
    }
    userDataDir = await temporaryDirectory('chromium-profile');
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  async function open(html: string, name: string): Promise<Page> {
    const file = join(await temporaryDirectory('html'), `${name}.html`);
    await writeFile(file, html, 'utf8');
    const page = await context!.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    return page;
  }

  it('shows a failing run: verdict, the 21-cell grid with text labels, the failure with its curl, the certificate', async () => {
    const report = sealReport(failingReport());
    const page = await open(renderHtml(report), 'failing');
    await page.screenshot({ path: join(ARTIFACTS, 'report-failing.png'), fullPage: true });

    expect(await page.locator('#verdict').innerText()).to.match(/^FAIL/);
    const cells = page.locator('td[data-cell]');
    expect(await cells.count()).to.equal(SETTINGS_CELLS.length);
    for (const cell of SETTINGS_CELLS) {
      expect(
        await page.locator(`td[data-cell="${cell.operationId} ${cell.status}"]`).count(),
        `${cell.operationId} ${cell.status}`,
      ).to.equal(1);
    }
    const failed = page.locator('td[data-cell="getSettingsFlow 410"]');
    const passed = page.locator('td[data-cell="getSettingsFlow 200"]');
    expect(await failed.innerText()).to.equal('failed');
    expect(await passed.innerText()).to.equal('passed');
    expect(await page.locator('td[data-cell="createNativeSettingsFlow 403"]').innerText()).to.equal('not reached');
    expect(await page.locator('td[data-cell="updateSettingsFlow 422"]').innerText()).to.equal('not applicable');
    // Strings, because the project's TypeScript has no DOM library: these run in the page.
    const background = (cell: string) =>
      page.evaluate(`getComputedStyle(document.querySelector('td[data-cell="${cell}"]')).backgroundColor`);
    expect(await background('getSettingsFlow 410')).not.to.equal(await background('getSettingsFlow 200'));

    const curls = await page.locator('pre.curl').allInnerTexts();
    expect(curls).to.include(EXPIRED_FLOW_CURL);
    expect(await page.locator('pre.replay').first().innerText()).to.include('--seed 1234 --path 3:1:0');
    expect(await page.locator('body').innerText()).to.include(
      'Source: https://www.ory.sh/docs/kratos/self-service/flows/user-settings: "410 Flow expired"; docs/kratos-behavior.md#get-flow-expired',
    );
    expect(await page.locator('a[href="https://www.ory.sh/docs/kratos/self-service/flows/user-settings"]').count()).to.be.greaterThan(0);
    expect(await page.locator('table.certificate').innerText()).to.include(report.certificate!.verdictSha256);
  });

  it('shows the hostile body as text and runs none of it', async () => {
    const page = await open(renderHtml(sealReport(failingReport())), 'hostile');
    const response = page.locator('pre.response').first();
    expect(await response.textContent()).to.include(HOSTILE_BODY);
    const injected = await page.evaluate(
      "({ pwned: window.__pwned, elements: document.querySelectorAll('script, img, iframe, object, embed, svg').length })",
    );
    expect(injected).to.deep.equal({ pwned: undefined, elements: 0 });
    expect(dialogs).to.deep.equal([]);
  });

  it('shows a passing and an error run with their verdicts', async () => {
    const passing = await open(renderHtml(sealReport(passingReport())), 'passing');
    expect(await passing.locator('#verdict').innerText()).to.match(/^PASS/);
    const error = await open(renderHtml(sealReport(errorReport())), 'error');
    await error.screenshot({ path: join(ARTIFACTS, 'report-error.png'), fullPage: true });
    expect(await error.locator('#verdict').innerText()).to.match(/^ERROR/);
    expect(await error.locator('#error').innerText()).to.include('ECONNREFUSED');
  });

  it('made no network request', () => {
    expect(requests).to.deep.equal([]);
  });
});
