export { createProgress, isInteractive, renderSummary } from './console.js';
export { ensureWritableDirectory, ensureWritableFile, renderJson, writeReports, writeReportsToTemporaryDirectory } from './write.js';
export { renderJunit } from './junit.js';
export { escapeHtml, renderHtml } from './html.js';
export { CERTIFICATE_COVERAGE, canonicalJson, sealReport, verifyReport } from './certificate.js';
export {
  PLACEHOLDER_COMMENT,
  applyBaseline,
  baselineFromReport,
  loadBaseline,
  recomputeVerdict,
  rememberedComments,
  type KnownCells,
  writeBaseline,
  type BaselineEntry,
} from './baseline.js';
export { diffReports, renderDiff, type Change, type ChangeKind, type ReportDiff } from './diff.js';
export { REPORT_JSON_SCHEMA } from './schema.js';
export { DOCUMENTED_CELLS, cellsTested, deriveVerdict, partialRunText } from './verdict.js';
export type * from './report.js';
