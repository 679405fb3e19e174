import { createHash } from 'node:crypto';
import type { Report } from './report.js';
import { partialRunText } from './verdict.js';

/**
 * What the certificate covers: every field of the report except `certificate` itself (tool, target, adminUrl, seed,
 * runs, startedAt, finishedAt, verdict, error, interrupted, cells, failures, warnings, requirements, environment,
 * baselineProblems and any field added later), so nothing a reader sees can change unnoticed.
 */
export const CERTIFICATE_COVERAGE = 'every field of the report except "certificate", as canonical JSON (keys sorted, no whitespace)';

/** JSON with object keys sorted at every depth and no whitespace; undefined members are left out as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => {
      const member = (value as Record<string, unknown>)[key];
      return member !== undefined && typeof member !== 'function';
    })
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

function verdictSha256(report: Record<string, unknown>): string {
  const { certificate: _certificate, ...sealed } = report;
  return createHash('sha256').update(canonicalJson(sealed), 'utf8').digest('hex');
}

/** Returns a copy of the report carrying a certificate; seal last, after the baseline and everything else is applied. */
export function sealReport(report: Report): Report {
  const { certificate: _certificate, ...unsealed } = report;
  return { ...unsealed, certificate: { algorithm: 'sha256', verdictSha256: verdictSha256(unsealed as Record<string, unknown>) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Recomputes the certificate of a parsed report.json and says whether the report is as it was sealed. */
export function verifyReport(report: unknown): { ok: boolean; message: string } {
  if (!isRecord(report)) return { ok: false, message: 'not a conformance report: expected a JSON object' };
  const certificate = report.certificate;
  if (!isRecord(certificate))
    return { ok: false, message: 'the report has no certificate: it was never sealed or the certificate was removed' };
  if (certificate.algorithm !== 'sha256') {
    return { ok: false, message: `unsupported certificate algorithm ${JSON.stringify(certificate.algorithm)} (expected "sha256")` };
  }
  if (typeof certificate.verdictSha256 !== 'string') return { ok: false, message: 'the certificate has no verdictSha256' };
  const actual = verdictSha256(report);
  if (actual !== certificate.verdictSha256) {
    return {
      ok: false,
      message: `ALTERED: the report does not match its certificate (recorded sha256 ${certificate.verdictSha256}, content hashes to ${actual})`,
    };
  }
  const verdict = typeof report.verdict === 'string' ? report.verdict : 'unknown';
  const intact = `intact: verdict "${verdict}", sha256 ${actual} over ${CERTIFICATE_COVERAGE}`;
  // Intact is not conforming: only a full run that passed certifies the target.
  const partial = Array.isArray(report.cells) ? partialRunText(report as unknown as Report) : undefined;
  if (partial) return { ok: true, message: `${intact}; not a certificate of conformance: ${partial}` };
  if (verdict !== 'pass') return { ok: true, message: `${intact}; not a certificate of conformance: the verdict is ${verdict}` };
  return { ok: true, message: intact };
}
