/** The package's programmatic API: run the suite, and read, write, verify and compare its reports. */
export { runConformance, type Duration, type RunOptions } from './run.js';
export {
  applyBaseline,
  baselineFromReport,
  diffReports,
  loadBaseline,
  renderDiff,
  renderHtml,
  renderJson,
  renderJunit,
  renderSummary,
  verifyReport,
  writeBaseline,
  writeReports,
  REPORT_JSON_SCHEMA,
  type BaselineEntry,
  type Change,
  type ChangeKind,
  type ReportDiff,
} from '../reporters/index.js';
export type * from '../reporters/report.js';
