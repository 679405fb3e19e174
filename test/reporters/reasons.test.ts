import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { renderHtml, renderJson, renderJunit, renderSummary } from '../../reporters/index.js';
import type { Report } from '../../reporters/report.js';
import { cellsWith } from './fixtures/cells.js';
import { passingReport } from './fixtures/passing-report.js';

const EXPIRY =
  'an expired flow needs a wait of 1h 6s, longer than --max-wait 15s; raise --max-wait or give the test instance a shorter selfservice.flows.settings.lifespan';
const OIDC =
  'the target offers no oidc method to link a provider with; enable selfservice.methods.oidc with a provider on the test instance';
const TOTP = 'could not provision an AAL1 session of an identity with TOTP: the aal2 login with a TOTP code failed';

/** A passing run's report with cells left untested for three reasons, one of them shared by two cells. */
function untestedReport(): Report {
  return {
    ...passingReport(),
    verdict: 'incomplete',
    cells: cellsWith([
      { operationId: 'getSettingsFlow', status: 410, outcome: 'not_applicable', reason: EXPIRY },
      { operationId: 'updateSettingsFlow', status: 410, outcome: 'not_applicable', reason: EXPIRY },
      { operationId: 'updateSettingsFlow', status: 422, outcome: 'not_applicable', reason: OIDC },
      { operationId: 'createNativeSettingsFlow', status: 403, outcome: 'not_reached', reason: TOTP },
    ]),
    requirements: [
      {
        id: 'flows.expired-410',
        statement: 'An expired flow is answered 410.',
        source: 'docs/kratos-behavior.md#get-flow-expired',
        severity: 'must',
        cells: [
          { operationId: 'getSettingsFlow', status: 410, outcome: 'not_applicable', checks: 0, reason: EXPIRY },
          { operationId: 'updateSettingsFlow', status: 410, outcome: 'not_applicable', checks: 0, reason: EXPIRY },
        ],
      },
      {
        id: 'submit.oidc-422',
        statement: 'Linking a provider from an SPA answers 422.',
        source: 'docs/kratos-behavior.md#err-location-change',
        severity: 'must',
        cells: [{ operationId: 'updateSettingsFlow', status: 422, outcome: 'not_applicable', checks: 0, reason: OIDC }],
      },
    ],
  };
}

/** What a reader sees of the HTML page: its text, with tags and their attributes (tooltips) gone. */
function visibleText(html: string): string {
  return html
    .replace(/<(br|\/li|\/p|\/td)>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The system-out of every test case: a skipped cell's reason, the unreached cells' reasons. */
function junitOutputs(xml: string): string[] {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });
  const document = parser.parse(xml) as { testsuites: { testsuite: Array<{ testcase?: Array<{ 'system-out'?: string }> }> } };
  return document.testsuites.testsuite
    .flatMap((suite) => suite.testcase ?? [])
    .flatMap((testCase) => (testCase['system-out'] ?? '').split('\n'));
}

describe('reasons for cells not tested', () => {
  const sentences = [`not applicable: ${EXPIRY}`, `not applicable: ${OIDC}`, `not reached: ${TOTP}`];

  it('are the same sentence, with the option that enables the cell, in the console, JUnit, JSON and visible HTML', () => {
    const report = untestedReport();
    const consoleText = renderSummary(report, { width: 400 }).replace(/\s+/g, ' ');
    const html = visibleText(renderHtml(report));
    const junit = junitOutputs(renderJunit(report));
    const json = JSON.parse(renderJson(report)) as Report;
    for (const sentence of sentences) {
      expect(consoleText, 'console').to.include(sentence);
      expect(html, 'html').to.include(sentence);
      expect(junit, 'junit').to.include(sentence);
    }
    expect(json.cells.filter((cell) => cell.reason === EXPIRY).map((cell) => `${cell.operationId} ${cell.status}`)).to.deep.equal([
      'getSettingsFlow 410',
      'updateSettingsFlow 410',
    ]);
  });

  it('name the cells each reason covers, once per reason, under the grid of the HTML report', () => {
    const html = renderHtml(untestedReport());
    const list = /<ul class="untested"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? '';
    const items = list
      .split('</li>')
      .filter((item) => item.trim() !== '')
      .map(visibleText);
    expect(items).to.have.length(3);
    const expiry = items.find((item) => item.includes(EXPIRY));
    expect(expiry).to.include('getSettingsFlow 410').and.to.include('updateSettingsFlow 410');
    expect(html.indexOf('class="untested"')).to.be.greaterThan(html.indexOf('id="matrix"'));
  });

  it('leave the HTML report without the list when every cell was tested', () => {
    const report: Report = { ...passingReport(), cells: cellsWith([]) };
    expect(renderHtml(report)).not.to.include('class="untested"');
  });
});
