import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProvisioningError } from '../../suites/sessions.js';
import { Provisioner } from '../../suites/provisioner.js';

/** Sessions made ahead of need whose provisioning fails before anyone asks for them must not crash the run. */
describe('provisioner: prefetched sessions', () => {
  let server: http.Server;
  let url: string;
  before(async () => {
    // An admin API that refuses every identity: each prefetched session fails while it waits to be taken.
    server = http.createServer((_request, response) =>
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":503}}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a failed session made ahead surfaces when it is taken, not as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.prependListener('unhandledRejection', onUnhandled);
    try {
      const provisioner = new Provisioner({
        target: url,
        adminUrl: url,
        seed: 1,
        timeoutMs: 2_000,
        flowLifespanMs: 60_000,
        privilegedMaxAgeMs: 600_000,
        maxWaitMs: 1_000,
        requiredAal: 'highest_available',
        prefetchSessions: 2,
      });
      const failures = await Promise.allSettled([provisioner.freshSession('first', true), provisioner.freshSession('second', true)]);
      // The sessions made ahead fail meanwhile, while the run goes on (cleanup, which awaits them, comes later).
      await new Promise((resolve) => setTimeout(resolve, 200));
      await provisioner.cleanup();
      expect(failures.map((failure) => failure.status)).to.deep.equal(['rejected', 'rejected']);
      for (const failure of failures) expect((failure as PromiseRejectedResult).reason).to.be.instanceOf(ProvisioningError);
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.removeListener('unhandledRejection', onUnhandled);
    }
  });
});
