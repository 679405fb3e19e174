import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { applyBaseline, renderJunit } from '../../reporters/index.js';
import type { Report } from '../../reporters/report.js';
import { errorReport } from './fixtures/error-report.js';
import { CSRF_CURL, EXPIRED_FLOW_CURL, failingReport } from './fixtures/failing-report.js';
import { passingReport } from './fixtures/passing-report.js';

interface ParsedCase {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_message': string; '#text'?: string };
  error?: { '@_message': string };
  skipped?: unknown;
  'system-out'?: string;
  properties?: { property: Array<{ '@_name': string; '@_value': string }> };
}

function parseCases(xml: string): ParsedCase[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
    cdataPropName: false,
    parseTagValue: false,
  });
  const document = parser.parse(xml, true) as { testsuites: { testsuite: Array<{ testcase?: ParsedCase[] }> } };
  return document.testsuites.testsuite.flatMap((suite) => suite.testcase ?? []);
}

function caseFor(cases: ParsedCase[], requirement: string, cell: string): ParsedCase {
  const found = cases.find((testCase) => testCase['@_name'].startsWith(`${requirement} [${cell}]`));
  expect(found, `${requirement} [${cell}]`).not.to.equal(undefined);
  return found!;
}

describe('junit.xml', () => {
  it('has one testcase per requirement per cell', () => {
    const cases = parseCases(renderJunit(failingReport())).filter((testCase) => !testCase['@_classname'].endsWith('.run'));
    // The failing fixture's requirements are checked in 1 + 2 + 1 + 1 cells.
    expect(cases).to.have.length(5);
    expect(new Set(cases.map((testCase) => testCase['@_name'])).size).to.equal(5);
  });

  it('gives failures their message and reproduce lines', () => {
    const cases = parseCases(renderJunit(failingReport()));
    const expired = caseFor(cases, 'flows.get.expired-410', 'getSettingsFlow 410');
    expect(expired.failure?.['@_message']).to.include('expected status 410 for an expired flow, got 200');
    expect(expired.failure?.['#text']).to.include(EXPIRED_FLOW_CURL).and.include('--seed 1234 --path 3:1:0');
    const csrf = caseFor(cases, 'csrf.browser-submit-403', 'updateSettingsFlow 403');
    expect(csrf.failure?.['#text']).to.include(CSRF_CURL).and.include('security_csrf_violation');
    expect(caseFor(cases, 'csrf.browser-submit-403', 'createBrowserSettingsFlow 403').failure).to.equal(undefined);
  });

  it("carries each requirement's source as a testcase property", () => {
    const cases = parseCases(renderJunit(failingReport()));
    const expired = caseFor(cases, 'flows.get.expired-410', 'getSettingsFlow 410');
    const source = expired.properties?.property.find((property) => property['@_name'] === 'source');
    expect(source?.['@_value']).to.equal(
      'https://www.ory.sh/docs/kratos/self-service/flows/user-settings: "410 Flow expired"; docs/kratos-behavior.md#get-flow-expired',
    );
  });

  it('skips cells not tested, with their reason', () => {
    const cases = parseCases(renderJunit(failingReport()));
    const aal = caseFor(cases, 'aal.native-403', 'createNativeSettingsFlow 403');
    expect(aal).to.have.property('skipped');
    expect(aal['system-out']).to.include('no AAL2 session could be provisioned');
  });

  it('counts failures, skips and tests in the root element', () => {
    const parser = new XMLParser({ ignoreAttributes: false });
    const root = (parser.parse(renderJunit(failingReport())) as { testsuites: Record<string, string> }).testsuites;
    // Five requirement cases and the run's "every cell reached" error (the fixture leaves a cell not reached).
    expect(root).to.include({ '@_tests': '6', '@_failures': '2', '@_errors': '1', '@_skipped': '1' });
  });

  it('passes failures the baseline accepted, saying so', () => {
    const report = applyBaseline(
      failingReport(),
      [{ requirement: 'flows.get.expired-410', operationId: 'getSettingsFlow', status: 410, comment: 'gateway caches flows' }],
      new Date('2026-11-21T00:00:00Z'),
    );
    const expired = caseFor(parseCases(renderJunit(report)), 'flows.get.expired-410', 'getSettingsFlow 410');
    expect(expired.failure).to.equal(undefined);
    expect(expired['system-out']).to.include('gateway caches flows');
  });

  it('stays well-formed whatever the target sent', () => {
    const report: Report = failingReport();
    report.failures[0]!.message = 'nul \u0000 esc \u001b bell \u0007 end ]]> and again ]]> <x a="b"/> & done';
    report.failures[0]!.reproduce.curl = "curl 'http://x/?a=]]>'";
    const xml = renderJunit(report);
    const expired = caseFor(parseCases(xml), 'flows.get.expired-410', 'getSettingsFlow 410');
    expect(expired.failure?.['@_message']).to.include('<x a="b"/> & done');
    expect(expired.failure?.['#text']).to.include('and again');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML cannot carry must be gone.
    expect(xml).not.to.match(/[\u0000\u0007\u001b]/);
  });

  it('reports a run that could not test as an error, and baseline problems as failures', () => {
    const cases = parseCases(renderJunit(errorReport()));
    const run = cases.find((testCase) => testCase.error !== undefined);
    expect(run?.error?.['@_message']).to.include('ECONNREFUSED');
    const stale = applyBaseline(
      passingReport(),
      [{ requirement: 'flows.get.expired-410', operationId: 'getSettingsFlow', status: 410, comment: 'old' }],
      new Date('2026-11-21T00:00:00Z'),
    );
    const problem = parseCases(renderJunit(stale)).find((testCase) => testCase['@_classname'].endsWith('.baseline'));
    expect(problem?.failure?.['@_message']).to.include('no longer fails');
  });
});
