/**
 * A small keep-alive load generator over loopback: N virtual connections (one socket each), every one running its
 * scenario in a loop until the time or request budget is spent. It records each request's latency and status and
 * counts transport errors instead of throwing.
 */
import http from 'node:http';

export interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadAnswer {
  /** 0 when no response arrived. */
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface LoadConnection {
  /** Sends one request on this connection's socket. */
  send(request: LoadRequest): Promise<LoadAnswer>;
  /** Marks an answer the scenario did not expect (a wrong status, a missing field). */
  unexpected(description: string): void;
  /** Zero-based connection number. */
  index: number;
}

export interface LoadOptions {
  baseUrl: string;
  connections: number;
  durationMs: number;
  /** Stops earlier when this many requests were sent. */
  maxRequests?: number;
  /** Per-request timeout; a timeout counts as an error. */
  timeoutMs?: number;
  /** One iteration of a connection's work; called again until the budget is spent. */
  iteration: (connection: LoadConnection) => Promise<void>;
}

export interface LoadResult {
  requests: number;
  elapsedMs: number;
  requestsPerSecond: number;
  /** Transport errors: refused, reset, timed out, dropped mid-body. */
  errors: number;
  serverErrors: number;
  unexpected: number;
  /** The first few errors and unexpected answers, for a failure message. */
  samples: string[];
  statuses: Record<number, number>;
  latencyMs: { p50: number; p99: number; max: number };
}

const MAX_SAMPLES = 10;

export function percentile(sorted: Float64Array | number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const samples: string[] = [];
  let errors = 0;
  let unexpected = 0;
  let sent = 0;
  const sample = (text: string) => {
    if (samples.length < MAX_SAMPLES) samples.push(text);
  };
  const startedAt = performance.now();
  const deadline = startedAt + options.durationMs;
  const budgetLeft = () => performance.now() < deadline && (options.maxRequests === undefined || sent < options.maxRequests);

  const connect = (index: number): { connection: LoadConnection; agent: http.Agent } => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (request: LoadRequest) =>
      new Promise<LoadAnswer>((resolve) => {
        sent += 1;
        const began = performance.now();
        const headers: Record<string, string> = { ...request.headers };
        if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
        let settled = false;
        const fail = (message: string) => {
          if (settled) return;
          settled = true;
          errors += 1;
          sample(`${request.method} ${request.path}: ${message}`);
          resolve({ status: 0, headers: {}, body: '' });
        };
        const outgoing = http.request(
          { host: base.hostname, port: base.port, method: request.method, path: request.path, headers, agent, timeout: timeoutMs },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', (error) => fail(`response broke off: ${error.message}`));
            response.on('aborted', () => fail('response broke off'));
            response.on('end', () => {
              if (settled) return;
              settled = true;
              const status = response.statusCode ?? 0;
              latencies.push(performance.now() - began);
              statuses[status] = (statuses[status] ?? 0) + 1;
              const body = Buffer.concat(chunks).toString('utf8');
              if (status >= 500) sample(`${request.method} ${request.path} → ${status} ${body.slice(0, 300)}`);
              resolve({ status, headers: response.headers, body });
            });
          },
        );
        outgoing.on('timeout', () => {
          fail(`no response within ${timeoutMs} ms`);
          outgoing.destroy();
        });
        outgoing.on('error', (error: NodeJS.ErrnoException) => fail(`${error.code ?? 'error'}: ${error.message}`));
        outgoing.end(request.body);
      });
    return {
      agent,
      connection: {
        index,
        send,
        unexpected: (description) => {
          unexpected += 1;
          sample(description);
        },
      },
    };
  };

  const workers = Array.from({ length: options.connections }, async (_, index) => {
    const { connection, agent } = connect(index);
    try {
      while (budgetLeft()) {
        await options.iteration(connection).catch((error: unknown) => connection.unexpected(`scenario threw: ${(error as Error).message}`));
      }
    } finally {
      agent.destroy();
    }
  });
  await Promise.all(workers);
  const elapsedMs = performance.now() - startedAt;
  const sorted = Float64Array.from(latencies).sort();
  const serverErrors = Object.entries(statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    requests: latencies.length + errors,
    elapsedMs,
    requestsPerSecond: (latencies.length * 1000) / elapsedMs,
    errors,
    serverErrors,
    unexpected,
    samples,
    statuses,
    latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.length > 0 ? sorted[sorted.length - 1]! : 0 },
  };
}
