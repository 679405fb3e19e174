/**
 * The one HTTP client every case uses. It never follows redirects, records every exchange (also timeouts and resets,
 * as a response with `error`), keeps at most response.ts's MAX_KEPT_BODY_BYTES of a body and never throws for a target's answer.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { RecordedExchange, RecordedRequest } from '../reporters/report.js';
import type { CookieJar } from './cookies.js';
import { noAnswer, parsedJson, received, TRUNCATION_MARKER, type Received } from './response.js';

export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT';
  /** An absolute URL, or a path joined to the client's base URL. */
  url: string;
  headers?: Record<string, string | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  /** A raw body, sent as is. */
  body?: string;
  /** Cookies are sent from and stored into this jar. */
  jar?: CookieJar;
}

export interface Answer {
  exchange: RecordedExchange;
  /** 0 when no response arrived. */
  status: number;
  /** The parsed body when it was complete JSON, else undefined. */
  json: unknown;
  setCookies: string[];
  truncated: boolean;
}

/** Counts of network trouble across a run's clients. */
export interface TransportStats {
  retriedRequests: number;
  failedRequests: number;
}

export interface ClientOptions {
  baseUrl: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onExchange?: (exchange: RecordedExchange) => void;
  /** Sent with every request (a gateway key, an admin API key); a request's own header of that name wins. */
  headers?: Record<string, string>;
  tls?: TlsOptions;
  /** How often an idempotent request (GET, PUT, DELETE) is sent again when no answer came; POSTs never are. */
  retries?: number;
  stats?: TransportStats;
}

export interface TlsOptions {
  /** PEM of the CA certificates to trust besides Node's own (--ca-file). */
  ca?: string;
  /** Skip certificate verification (--insecure). */
  insecure?: boolean;
}

/** OpenSSL's codes for a certificate Node does not trust, as surfaced by node:tls. */
const CERTIFICATE_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A transport error as one line; a certificate error names the option that gets past it. */
export function describeTransportError(error: NodeJS.ErrnoException): string {
  const text = `${error.code ?? 'error'}: ${error.message}`;
  if (error.code === undefined || !CERTIFICATE_ERRORS.has(error.code)) return text;
  return `${text}; the target's certificate is not trusted: give the CA that signed it with --ca-file FILE (or skip verification with --insecure)`;
}

const IDEMPOTENT = new Set<RequestSpec['method']>(['GET', 'PUT', 'DELETE']);

function encodeBody(spec: RequestSpec): { body?: string; contentType?: string } {
  if (spec.json !== undefined) return { body: JSON.stringify(spec.json), contentType: 'application/json' };
  if (spec.form !== undefined) return { body: new URLSearchParams(spec.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  if (spec.body !== undefined) return { body: spec.body };
  return {};
}

export class TargetClient {
  constructor(private readonly options: ClientOptions) {}

  private resolve(url: string): string {
    return /^https?:\/\//.test(url) ? url : `${this.options.baseUrl}${url}`;
  }

  /**
   * Sends the request; an idempotent one that got no answer (reset, refusal, timeout) is sent again up to `retries`
   * times, a POST is not: the target may have acted on it.
   */
  async send(spec: RequestSpec): Promise<Answer> {
    const retries = IDEMPOTENT.has(spec.method) ? (this.options.retries ?? 0) : 0;
    let answer = await this.sendOnce(spec);
    for (let attempt = 0; attempt < retries && answer.status === 0 && !this.options.signal?.aborted; attempt += 1) {
      if (this.options.stats) this.options.stats.retriedRequests += 1;
      answer = await this.sendOnce(spec);
    }
    // Only a request that was retried counts: a dropped POST makes its case inconclusive, not the run an error.
    if (answer.status === 0 && retries > 0 && this.options.stats && !this.options.signal?.aborted) this.options.stats.failedRequests += 1;
    return answer;
  }

  /** One attempt: the request prepared, sent and answered (or not), and the exchange recorded. */
  private async sendOnce(spec: RequestSpec): Promise<Answer> {
    const request = this.prepare(spec);
    const startedAt = performance.now();
    const received = await this.transmit(request);
    const exchange: RecordedExchange = {
      request,
      response: {
        status: received.status,
        headers: received.headers,
        ...(received.text !== undefined ? { body: received.text } : {}),
        ...(received.error !== undefined ? { error: received.error } : {}),
      },
      durationMs: Math.round(performance.now() - startedAt),
    };
    if (spec.jar && received.setCookies.length > 0) spec.jar.store(received.setCookies);
    this.options.onExchange?.(exchange);
    return { exchange, status: received.status, json: received.json, setCookies: received.setCookies, truncated: received.truncated };
  }

  /** The request as it goes out: the absolute URL, the body encoded, the client's headers under the request's own, cookies. */
  private prepare(spec: RequestSpec): RecordedRequest {
    const url = this.resolve(spec.url);
    const { body, contentType } = encodeBody(spec);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.options.headers ?? {})) headers[name.toLowerCase()] = value;
    if (contentType) headers['content-type'] = contentType;
    for (const [name, value] of Object.entries(spec.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    const cookie = spec.jar?.header();
    if (cookie !== undefined && headers['cookie'] === undefined) headers['cookie'] = cookie;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return { method: spec.method, url, headers, ...(body !== undefined ? { body } : {}) };
  }

  /** Node's TLS options for the URL: the extra CA (--ca-file) and skipped verification (--insecure). */
  private tlsOptionsFor(url: URL): https.RequestOptions {
    const tls = this.options.tls;
    if (url.protocol !== 'https:') return {};
    return {
      ...(tls?.ca !== undefined ? { ca: [...rootCertificates, tls.ca] } : {}),
      ...(tls?.insecure ? { rejectUnauthorized: false } : {}),
    };
  }

  /**
   * Sends the request and settles once: with the response, or with why none came (an invalid URL, the timeout, the
   * run's interruption, a transport error).
   */
  private transmit(request: RecordedRequest): Promise<Received> {
    const { signal, timeoutMs } = this.options;
    return new Promise<Received>((resolve) => {
      let settled = false;
      let outgoing: http.ClientRequest | undefined;
      let timer: NodeJS.Timeout | undefined;
      const settle = (received: Received) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(received);
      };
      const giveUp = (message: string) => {
        settle(noAnswer(message));
        outgoing?.destroy();
      };
      const onAbort = () => giveUp('request aborted: the run was interrupted');
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        settle(noAnswer(`invalid URL ${request.url}`));
        return;
      }
      timer = setTimeout(() => giveUp(`no complete response within ${timeoutMs} ms (timeout)`), timeoutMs);
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      const transport = url.protocol === 'https:' ? https : http;
      outgoing = transport.request(
        url,
        { method: request.method, headers: request.headers, agent: false, ...this.tlsOptionsFor(url) },
        (response) => {
          void received(response).then(settle);
        },
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => giveUp(describeTransportError(error)));
      if (request.body !== undefined) outgoing.write(request.body);
      outgoing.end();
    });
  }
}

/** One header value of a recorded response, the first if it was repeated. */
export function headerOf(exchange: RecordedExchange, name: string): string | undefined {
  const value = exchange.response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function setCookiesOf(exchange: RecordedExchange): string[] {
  const value = exchange.response.headers['set-cookie'];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The response body parsed as JSON, or undefined. */
export function jsonOf(exchange: RecordedExchange): unknown {
  const body = exchange.response.body;
  if (body === undefined || body.endsWith(TRUNCATION_MARKER)) return undefined;
  return parsedJson(body);
}
