import type { ResponseObject } from '@hapi/hapi';
import { Readable } from 'node:stream';
import { jsonBody, settingsRouteOf } from '../faults/fault.js';
import type { Variant } from './variant.js';

export const chunkedBodies: Variant = {
  name: 'chunked-bodies',
  description: 'JSON bodies are streamed with Transfer-Encoding: chunked, in several chunks, without Content-Length.',
  allowedBy: 'https://www.rfc-editor.org/rfc/rfc9112#section-7.1: chunked transfer coding is valid for any HTTP/1.1 response',
  apply: ({ server }) =>
    server.ext('onPreResponse', (request, h) => {
      const response = request.response;
      if (settingsRouteOf(request) === undefined || (response as { isBoom?: boolean }).isBoom) return h.continue;
      const plain = response as ResponseObject;
      const body = jsonBody(plain);
      if (!body) return h.continue;
      const text = JSON.stringify(body);
      const third = Math.ceil(text.length / 3);
      const streamed = h
        .response(
          Readable.from(
            [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)].map((part) => Buffer.from(part)),
            { objectMode: false },
          ),
        )
        .code(plain.statusCode);
      for (const [name, value] of Object.entries(plain.headers)) {
        if (name === 'content-length' || value === undefined) continue;
        for (const single of Array.isArray(value) ? value : [value]) streamed.header(name, String(single), { append: true });
      }
      const contentType = plain.headers['content-type'];
      streamed.type(typeof contentType === 'string' ? contentType : 'application/json');
      // The content type is copied as it was; hapi must not add a charset of its own.
      streamed.charset();
      return streamed;
    }),
};
