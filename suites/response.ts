/**
 * Reading one response: at most MAX_KEPT_BODY_BYTES of the body, decoded as a browser reads it, parsed as JSON when it
 * is complete JSON; a response that breaks off is no answer.
 */
import type http from 'node:http';
import zlib from 'node:zlib';

export const MAX_KEPT_BODY_BYTES = 64 * 1024;
export const TRUNCATION_MARKER = '\n[truncated: the body exceeded 64 KiB]';

/** What came back for one attempt; status 0 with `error` when nothing did. */
export interface Received {
  status: number;
  headers: Record<string, string | string[]>;
  text?: string;
  json: unknown;
  setCookies: string[];
  truncated: boolean;
  error?: string;
}

export function noAnswer(error: string): Received {
  return { status: 0, headers: {}, json: undefined, setCookies: [], truncated: false, error };
}

/**
 * Reads a response, keeping at most MAX_KEPT_BODY_BYTES of the body, decoded (Content-Encoding) and parsed as JSON
 * when it is complete JSON; a response that breaks off is no answer.
 */
export function received(response: http.IncomingMessage): Promise<Received> {
  return new Promise<Received>((resolve) => {
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
    response.on('error', (error) => resolve(noAnswer(`response broke off: ${error.message}`)));
    response.on('aborted', () => resolve(noAnswer('response broke off: connection closed before the body was complete')));
    response.on('end', () => {
      const truncated = total > kept;
      const raw = Buffer.concat(chunks);
      const decoded = new TextDecoder('utf-8', { fatal: false }).decode(
        truncated ? raw : decompressed(raw, response.headers['content-encoding']),
      );
      resolve({
        status: response.statusCode ?? 0,
        headers: headerRecord(response.headers),
        text: truncated ? decoded + TRUNCATION_MARKER : decoded,
        json: truncated ? undefined : parsedJson(decoded),
        setCookies: response.headers['set-cookie'] ?? [],
        truncated,
      });
    });
  });
}

export function parsedJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) result[name] = value;
  return result;
}

/**
 * The body as sent before Content-Encoding (gzip, deflate, br), as a browser reads it; a body that does not decode is
 * kept as it came, so the checks see what is wrong with it.
 */
function decompressed(body: Buffer, encoding: string | undefined): Buffer {
  const codings = (encoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
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
