import { expect } from 'chai';
import type { Server } from '@hapi/hapi';
import { runLoad } from '../../bench/load.js';
import { createAccount, mixedIteration } from '../../bench/mixed-traffic.js';
import { start } from '../../mock/index.js';

const CONNECTIONS = 20;
const DURATION_MS = 6_000;

describe('reliability: mixed traffic on all settings endpoints', function () {
  this.timeout(60_000);
  let mock: Server;
  const logged: string[] = [];

  before(async () => {
    mock = await start({ port: 0, log: (message) => logged.push(message) });
  });
  after(async () => {
    await mock?.stop({ timeout: 1_000 });
  });

  it(`${CONNECTIONS} keep-alive connections for ${DURATION_MS / 1000} s: no transport error, no 5xx, every status as expected`, async () => {
    const accounts = await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, index) => createAccount(mock.info.uri, `reliability-${index}`)),
    );
    const result = await runLoad({
      baseUrl: mock.info.uri,
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
      iteration: mixedIteration(accounts),
    });
    const detail = `${JSON.stringify(result.statuses)}\n${result.samples.join('\n')}\n${logged.slice(0, 5).join('\n')}`;
    expect(result.errors, detail).to.equal(0);
    expect(result.serverErrors, detail).to.equal(0);
    expect(result.unexpected, detail).to.equal(0);
    // Each iteration sends ten requests (six that succeed, four that must be refused): the load really ran.
    expect(result.requests, detail).to.be.at.least(CONNECTIONS * 10);
    expect(Object.keys(result.statuses).map(Number).sort()).to.deep.equal([200, 401, 403, 404]);
  });
});
