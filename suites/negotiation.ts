/** How Kratos tells a JSON client from a browser by its Accept and Content-Type headers. */

/** Ordered media ranges of an Accept header with their q values. */
function parseAccept(accept: string | undefined): Array<{ value: string; q: number }> {
  if (accept === undefined) return [];
  return accept
    .split(',')
    .map((part) => {
      const [value = '', ...parameters] = part.split(';').map((piece) => piece.trim());
      const qParameter = parameters.find((parameter) => parameter.toLowerCase().startsWith('q='));
      const q = qParameter === undefined ? 1 : Number(qParameter.slice(2));
      return { value: value.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((spec) => spec.value !== '');
}

/**
 * Content negotiation as Kratos does it (docs/kratos-behavior.md#negotiation): the best offer by q, exact beats `type/*`
 * beats `*∕*`, the first offer wins ties; no Accept header gives the default.
 */
export function negotiate(accept: string | undefined, offers: readonly string[], defaultOffer: string): string {
  let bestOffer = defaultOffer;
  let bestQ = -1;
  let bestWildness = 3;
  for (const offer of offers) {
    for (const spec of parseAccept(accept)) {
      if (spec.q === 0 || spec.q < bestQ) continue;
      if (spec.value === '*/*') {
        if (spec.q > bestQ || bestWildness > 2) [bestQ, bestWildness, bestOffer] = [spec.q, 2, offer];
      } else if (spec.value.endsWith('/*')) {
        if (offer.startsWith(spec.value.slice(0, -1)) && (spec.q > bestQ || bestWildness > 1))
          [bestQ, bestWildness, bestOffer] = [spec.q, 1, offer];
      } else if (spec.value === offer && (spec.q > bestQ || bestWildness > 0)) {
        [bestQ, bestWildness, bestOffer] = [spec.q, 0, offer];
      }
    }
  }
  return bestOffer;
}

/** docs/kratos-behavior.md#json-client: the client is treated as a JSON client for errors. */
export function isJsonClient(accept: string | undefined, contentType: string | undefined): boolean {
  return (
    negotiate(accept, ['text/html', 'text/*', '*/*', 'application/json'], 'text/html') === 'application/json' ||
    contentType === 'application/json'
  );
}

/** docs/kratos-behavior.md#json-accept: the client gets the flow as JSON on browser init success. */
export function prefersJsonFlow(accept: string | undefined): boolean {
  return negotiate(accept, ['text/html', 'application/json'], 'text/html') === 'application/json';
}
