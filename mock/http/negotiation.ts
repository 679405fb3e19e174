/**
 * Accept negotiation as Kratos does it (gddo httputil.NegotiateContentType), and Kratos's two JSON tests:
 * `x.IsJSONRequest` (docs/kratos-behavior.md#json-client) and `x.AcceptsJSON` (docs/kratos-behavior.md#json-accept).
 */
interface AcceptSpec {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): AcceptSpec[] {
  const specs: AcceptSpec[] = [];
  for (const part of header.split(',')) {
    const [mediaRange = '', ...params] = part.trim().split(';');
    const [type = '', subtype = ''] = mediaRange.trim().toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const param of params) {
      const [name, value] = param.trim().split('=');
      if (name?.trim().toLowerCase() === 'q' && value !== undefined) {
        const parsed = Number(value.trim());
        q = Number.isFinite(parsed) ? parsed : 0;
      }
    }
    specs.push({ type, subtype, q });
  }
  return specs;
}

/** gddo's NegotiateContentType, rule for rule: the highest q wins, ties go to the more specific match, q=0 is ignored. */
export function negotiateContentType(accept: string | undefined, offers: readonly string[], defaultOffer: string): string {
  let best = defaultOffer;
  let bestQ = -1;
  let bestWild = 3;
  const specs = accept === undefined ? [] : parseAccept(accept);
  for (const offer of offers) {
    for (const spec of specs) {
      const value = `${spec.type}/${spec.subtype}`;
      if (spec.q === 0 || spec.q < bestQ) continue;
      if (value === '*/*') {
        if (spec.q > bestQ || bestWild > 2) [best, bestQ, bestWild] = [offer, spec.q, 2];
      } else if (spec.subtype === '*') {
        if (offer.startsWith(`${spec.type}/`) && (spec.q > bestQ || bestWild > 1)) [best, bestQ, bestWild] = [offer, spec.q, 1];
      } else if (value === offer && (spec.q > bestQ || bestWild > 0)) {
        [best, bestQ, bestWild] = [offer, spec.q, 0];
      }
    }
  }
  return best;
}

type Headers = Record<string, unknown>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : undefined;
}

/**
 * A JSON client (docs/kratos-behavior.md#json-client): Accept negotiates application/json over [text/html, text/*,
 * *\/*, application/json], or Content-Type is exactly application/json.
 */
export function isJsonRequest(headers: Headers): boolean {
  if (header(headers, 'content-type') === 'application/json') return true;
  return (
    negotiateContentType(header(headers, 'accept'), ['text/html', 'text/*', '*/*', 'application/json'], 'text/html') === 'application/json'
  );
}

/**
 * JSON Accept (docs/kratos-behavior.md#json-accept): Accept negotiates application/json over [text/html,
 * application/json]; Content-Type is ignored.
 */
export function acceptsJson(headers: Headers): boolean {
  return negotiateContentType(header(headers, 'accept'), ['text/html', 'application/json'], 'text/html') === 'application/json';
}
