// Certifies a Kratos-compatible server and writes JUnit for the CI's test-report view:
//   FLOW_LIFESPAN=10s PRIVILEGED_MAX_AGE=10s node examples/certify.js https://kratos.example.test https://kratos-admin.example.test
// Exit code as the CLI's: 0 conforms, 1 does not, 2 could not test.
import { mkdir, writeFile } from 'node:fs/promises';
import { renderJunit, runConformance } from 'kratos-settings-conformance';

const [target, adminUrl = target] = process.argv.slice(2);
if (!target) {
  console.error('usage: node certify.js TARGET_URL [ADMIN_URL]');
  process.exit(2);
}
const report = await runConformance({
  target,
  adminUrl,
  // What the server is configured with (selfservice.flows.settings.lifespan and privileged_session_max_age).
  flowLifespan: process.env.FLOW_LIFESPAN ?? '1h',
  privilegedMaxAge: process.env.PRIVILEGED_MAX_AGE ?? '1h',
  // Cases per property: more find more, fewer finish sooner.
  runs: Number(process.env.RUNS ?? 25),
});
await mkdir('conformance-report', { recursive: true });
await writeFile('conformance-report/junit.xml', renderJunit(report));
const counts = {};
for (const cell of report.cells) counts[cell.outcome] = (counts[cell.outcome] ?? 0) + 1;
console.log(`${report.target}: ${report.verdict} ${JSON.stringify(counts)}; JUnit in conformance-report/junit.xml`);
process.exitCode = { pass: 0, fail: 1, error: 2 }[report.verdict];
