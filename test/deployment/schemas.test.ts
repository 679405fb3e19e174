/** Three identity schemas deployments use, each served by the mock over HTTP: the whole suite passes against each. */
import { expect } from 'chai';
import { runConformance } from '../../api/run.js';
import { start } from '../../mock/index.js';
import { EMAIL_AND_NAME, EMAIL_ONLY, USERNAME_AND_EMAIL } from './schemas.js';

describe('the suite against the mock with realistic identity schemas', function () {
  this.timeout(120_000);
  for (const [name, schema] of Object.entries({
    'email only': EMAIL_ONLY,
    'email and a required name': EMAIL_AND_NAME,
    'username and email': USERNAME_AND_EMAIL,
  })) {
    it(`${name}: every cell passes`, async () => {
      const mock = await start({
        port: 0,
        config: { identity_schema: schema },
        flowLifespanMs: 2_000,
        privilegedMaxAgeMs: 2_000,
        log: () => {},
      });
      try {
        const report = await runConformance({ target: mock.info.uri, seed: 21, runs: 2, flowLifespan: '2s', privilegedMaxAge: '2s' });
        const notPassed = report.cells
          .filter((cell) => cell.outcome !== 'passed')
          .map((cell) => `${cell.operationId} ${cell.status} ${cell.outcome} ${cell.reason ?? ''}`);
        expect(notPassed, report.failures.map((failure) => failure.message).join('\n')).to.deep.equal([]);
        expect(report.verdict).to.equal('pass');
      } finally {
        await mock.stop();
      }
    });
  }
});
