/**
 * The mock under keep-alive load against a bare hapi route serving a body of the same size, measured alternately in
 * the same run (each server in its own process): GET /self-service/settings/flows requests/s and p99 latency, and
 * POST profile submits/s. A successful submit renders a fresh flow (docs/kratos-behavior.md#success-action) whose TOTP
 * setup draws a QR code PNG, which costs more than everything else together; the bare POST route draws one too, so the
 * ratio shows the mock's own overhead.
 */
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, type BenchResult } from './bench-result.js';
import { runLoad, type LoadConnection, type LoadRequest, type LoadResult } from './load.js';
import { createAccount, type Account } from './mixed-traffic.js';
import { startServerProcess } from './support/child.js';

const CONNECTIONS = 16;
const ROUNDS = 5;
const ROUND_MS = 2_000;
const WARM_UP_MS = 1_500;

interface Target {
  account: Account;
  flowId: string;
}

async function prepare(baseUrl: string): Promise<Target[]> {
  const accounts = await Promise.all(Array.from({ length: CONNECTIONS }, (_, index) => createAccount(baseUrl, `throughput-${index}`)));
  return Promise.all(
    accounts.map(async (account) => {
      const response = await fetch(`${baseUrl}/self-service/settings/api`, {
        headers: { accept: 'application/json', 'x-session-token': account.token },
      });
      const flow = (await response.json()) as { id?: string };
      if (response.status !== 200 || typeof flow.id !== 'string') throw new Error(`no settings flow: ${response.status}`);
      return { account, flowId: flow.id };
    }),
  );
}

function getFlow(target: Target): LoadRequest {
  return {
    method: 'GET',
    path: `/self-service/settings/flows?id=${target.flowId}`,
    headers: { accept: 'application/json', 'x-session-token': target.account.token },
  };
}

function submitProfile(target: Target): LoadRequest {
  return {
    method: 'POST',
    path: `/self-service/settings?flow=${target.flowId}`,
    headers: { accept: 'application/json', 'content-type': 'application/json', 'x-session-token': target.account.token },
    body: JSON.stringify({ method: 'profile', traits: { email: target.account.email } }),
  };
}

function repeatedly(targets: Target[], request: (target: Target) => LoadRequest) {
  return async (connection: LoadConnection) => {
    const answer = await connection.send(request(targets[connection.index]!));
    if (answer.status !== 200 && answer.status !== 0)
      connection.unexpected(`expected 200, got ${answer.status} ${answer.body.slice(0, 200)}`);
  };
}

function assertClean(label: string, result: LoadResult): LoadResult {
  if (result.errors + result.serverErrors + result.unexpected > 0) throw new Error(`${label}: ${result.samples.join('\n')}`);
  return result;
}

export default async function mockThroughput(): Promise<BenchResult[]> {
  const mock = await startServerProcess('mock', '{}');
  const bodyFile = path.join(os.tmpdir(), `kratos-settings-bench-flow-${process.pid}.json`);
  let bare: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const targets = await prepare(mock.url);
    const flowBody = await (await fetch(mock.url + getFlow(targets[0]!).path, { headers: getFlow(targets[0]!).headers })).text();
    writeFileSync(bodyFile, flowBody);
    bare = await startServerProcess('bare', bodyFile);

    const load = (baseUrl: string, request: (target: Target) => LoadRequest, durationMs: number) =>
      runLoad({ baseUrl, connections: CONNECTIONS, durationMs, iteration: repeatedly(targets, request) });
    for (const url of [mock.url, bare.url]) {
      await load(url, getFlow, WARM_UP_MS);
      await load(url, submitProfile, WARM_UP_MS);
    }
    const rounds = { mockGet: [] as LoadResult[], bareGet: [] as LoadResult[], mockPost: [] as LoadResult[], barePost: [] as LoadResult[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      rounds.mockGet.push(assertClean('mock GET', await load(mock.url, getFlow, ROUND_MS)));
      rounds.bareGet.push(assertClean('bare GET', await load(bare.url, getFlow, ROUND_MS)));
      rounds.mockPost.push(assertClean('mock POST', await load(mock.url, submitProfile, ROUND_MS)));
      rounds.barePost.push(assertClean('bare POST', await load(bare.url, submitProfile, ROUND_MS)));
    }
    const rate = (results: LoadResult[]) => median(results.map((result) => result.requestsPerSecond));
    const p99 = (results: LoadResult[]) => median(results.map((result) => result.latencyMs.p99));
    const bytes = Buffer.byteLength(flowBody);
    return [
      {
        name: `mock GET /self-service/settings/flows (${CONNECTIONS} keep-alive connections, ${bytes}-byte flow) vs bare hapi route, same body size`,
        value: rate(rounds.mockGet),
        unit: 'requests/s',
        reference: rate(rounds.bareGet),
        ratio: rate(rounds.mockGet) / rate(rounds.bareGet),
        target: 0.6,
      },
      {
        name: 'mock GET flows p99 latency; ratio = bare route p99 / mock p99',
        value: p99(rounds.mockGet),
        unit: 'ms',
        reference: p99(rounds.bareGet),
        ratio: p99(rounds.bareGet) / p99(rounds.mockGet),
        target: 0.5,
      },
      {
        name: 'mock POST /self-service/settings profile submits vs bare hapi POST route drawing one QR code and answering the same body',
        value: rate(rounds.mockPost),
        unit: 'submits/s',
        reference: rate(rounds.barePost),
        ratio: rate(rounds.mockPost) / rate(rounds.barePost),
        target: 0.6,
      },
    ];
  } finally {
    await bare?.stop();
    await mock.stop();
    rmSync(bodyFile, { force: true });
  }
}
