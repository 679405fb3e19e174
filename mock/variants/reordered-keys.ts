import { ALL_SETTINGS_ROUTES, onSettingsResponse, rewriteBody, type JsonObject } from '../faults/fault.js';
import type { Variant } from './variant.js';

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as JsonObject)
      .reverse()
      .map(([key, child]) => [key, reversedKeys(child)]),
  );
}

export const reorderedKeys: Variant = {
  name: 'reordered-keys',
  description: 'Every JSON object lists its keys in reverse order.',
  allowedBy: 'JSON objects are unordered (https://www.rfc-editor.org/rfc/rfc8259#section-4)',
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => reversedKeys(body) as JsonObject);
    }),
};
