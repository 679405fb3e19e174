import { ALL_SETTINGS_ROUTES, jsonBody, onSettingsResponse } from '../faults/fault.js';
import type { Variant } from './variant.js';

function jsonContentType(name: string, contentType: string, description: string): Variant {
  return {
    name,
    description,
    allowedBy:
      'https://www.rfc-editor.org/rfc/rfc8259#section-11: application/json has no charset parameter, and adding one has no effect; Kratos sends both (docs/kratos-behavior.md#flow-body)',
    apply: ({ server }) =>
      onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
        if (!jsonBody(response)) return;
        response.type(contentType);
        response.charset();
      }),
  };
}

export const jsonWithoutCharset = jsonContentType(
  'json-without-charset',
  'application/json',
  'Every JSON body, flows included, is served as application/json without a charset.',
);
export const jsonWithCharset = jsonContentType(
  'json-with-charset',
  'application/json; charset=utf-8',
  'Every JSON body, errors included, is served as application/json; charset=utf-8.',
);
