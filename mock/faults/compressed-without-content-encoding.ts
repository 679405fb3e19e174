import { gzipSync } from 'node:zlib';
import { headerOf } from '../context.js';
import { jsonBody, onSettingsResponse, type Fault } from './fault.js';

/**
 * A proxy or framework gzips JSON for clients that accept it but drops the Content-Encoding header, so browsers and
 * HTTP libraries see binary instead of JSON.
 */
export const compressedWithoutContentEncoding: Fault = {
  name: 'compressed-without-content-encoding',
  description:
    'For clients that send Accept-Encoding: gzip, JSON bodies are gzipped but sent without Content-Encoding, so the client cannot read them.',
  breaks: ['SF-JSON-CONTENT-TYPE'],
  apply: ({ server }) =>
    onSettingsResponse(
      server,
      ['createBrowserSettingsFlow', 'createNativeSettingsFlow', 'getSettingsFlow', 'updateSettingsFlow'],
      (response, request) => {
        const body = jsonBody(response);
        if (!body || !/\bgzip\b/i.test(headerOf(request, 'accept-encoding') ?? '')) return;
        (response as { source: unknown }).source = gzipSync(JSON.stringify(body));
        (response as { variety: string }).variety = 'buffer';
        response.type('application/json');
        // hapi would compress again and say so; this server does not.
        (request.info as { acceptEncoding: string }).acceptEncoding = 'identity';
      },
    ),
};
