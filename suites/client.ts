/**
 * The one HTTP client every case uses. It never follows redirects, records every exchange (also timeouts and resets,
 * as a response with `error`), keeps at most MAX_KEPT_BODY_BYTES of a body and never throws for a target's answer.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import zlib from 'node:zlib';
import type { RecordedExchange } from '../reporters/report.js';
import type { CookieJar } from './cookies.js';

export const MAX_KEPT_BODY_BYTES = 64 * 1024;
export const TRUNCATION_MARKER = '\n[truncated: the body exceeded 64 KiB]';

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
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'ERR_TLS_CERT_ALTNAME_INVALID',
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

function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) result[name] = value;
  return result;
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

  private sendOnce(spec: RequestSpec): Promise<Answer> {
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
    const request = { method: spec.method, url, headers, ...(body !== undefined ? { body } : {}) };
    const startedAt = performance.now();

    return new Promise<Answer>((resolve) => {
      let settled = false;
      const finish = (answer: Omit<Answer, 'exchange'> & { headers: Record<string, string | string[]>; text?: string; error?: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.options.signal?.removeEventListener('abort', onAbort);
        const exchange: RecordedExchange = {
          request,
          response: {
            status: answer.status,
            headers: answer.headers,
            ...(answer.text !== undefined ? { body: answer.text } : {}),
            ...(answer.error !== undefined ? { error: answer.error } : {}),
          },
          durationMs: Math.round(performance.now() - startedAt),
        };
        if (spec.jar && answer.setCookies.length > 0) spec.jar.store(answer.setCookies);
        this.options.onExchange?.(exchange);
        resolve({ exchange, status: answer.status, json: answer.json, setCookies: answer.setCookies, truncated: answer.truncated });
      };
      const fail = (message: string) =>
        finish({ status: 0, headers: {}, json: undefined, setCookies: [], truncated: false, error: message });

      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        fail(`invalid URL ${url}`);
        return;
      }
      const transport = parsed.protocol === 'https:' ? https : http;
      let outgoing: http.ClientRequest;
      const timer = setTimeout(() => {
        fail(`no complete response within ${this.options.timeoutMs} ms (timeout)`);
        outgoing?.destroy();
      }, this.options.timeoutMs);
      const onAbort = () => {
        fail('request aborted: the run was interrupted');
        outgoing?.destroy();
      };
      if (this.options.signal?.aborted) {
        onAbort();
        return;
      }
      this.options.signal?.addEventListener('abort', onAbort, { once: true });

      const tls = this.options.tls;
      const tlsOptions = parsed.protocol === 'https:' ? { ...(tls?.ca !== undefined ? { ca: [...rootCertificates, tls.ca] } : {}), ...(tls?.insecure ? { rejectUnauthorized: false } : {}) } : {};
      outgoing = transport.request(parsed, { method: spec.method, headers, agent: false, ...tlsOptions }, (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        let total = 0;
        response.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (kept < MAX_KEPT_BODY_BYTES) {
            const slice = chunk.subarray(0, MAX_KEPT_BODY_BYTES - kept);
            chunks.push(slice);
            kept += slice.length;
          }
        });
        response.on('error', (error) => fail(`response broke off: ${error.message}`));
        response.on('aborted', () => fail('response broke off: connection closed before the body was complete'));
        response.on('end', () => {
          const truncated = total > kept;
          const decoded = new TextDecoder('utf-8', { fatal: false }).decode(truncated ? Buffer.concat(chunks) : decompressed(Buffer.concat(chunks), response.headers['content-encoding']));
          let json: unknown;
          if (!truncated && decoded.trim() !== '') {
            try {
              json = JSON.parse(decoded);
            } catch {
              json = undefined;
            }
          }
          const rawSetCookie = response.headers['set-cookie'];
          finish({
            status: response.statusCode ?? 0,
            headers: headerRecord(response.headers),
            text: truncated ? decoded + TRUNCATION_MARKER : decoded,
            json,
            setCookies: rawSetCookie ?? [],
            truncated,
          });
        });
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => fail(describeTransportError(error)));
      if (body !== undefined) outgoing.write(body);
      outgoing.end();
    });
  }
}

/**
 * The body as sent before Content-Encoding (gzip, deflate, br), as a browser reads it; a body that does not decode is
 * kept as it came, so the checks see what is wrong with it.
 */
function decompressed(body: Buffer, encoding: string | undefined): Buffer {
  const codings = (encoding ?? '').split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '' && coding !== 'identity');
  try {
    return codings.reduceRight((current, coding) => {
      if (coding === 'gzip' || coding === 'x-gzip') return zlib.gunzipSync(current);
      if (coding === 'deflate') return zlib.inflateSync(current);
      if (coding === 'br') return zlib.brotliDecompressSync(current);
      throw new Error(`unknown content coding ${coding}`);
    }, body);
  } catch {
    return body;
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
  if (body === undefined || body.trim() === '' || body.endsWith(TRUNCATION_MARKER)) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
