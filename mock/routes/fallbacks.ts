import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { errors } from '../errors.js';
import { withQuery } from '../http/urls.js';

const SETTINGS_PATHS = [
  '/self-service/settings/browser',
  '/self-service/settings/api',
  '/self-service/settings/flows',
  '/self-service/settings',
];

/** Other methods on the settings paths get 405 (docs/kratos-behavior.md#routes), in the error envelope. */
const methodNotAllowed: ServerRoute[] = SETTINGS_PATHS.map((path) => ({
  method: '*',
  path,
  options: { payload: { parse: false, output: 'data' } },
  handler: () => {
    throw errors.methodNotAllowed(`This method is not allowed on ${path}.`);
  },
}));

/** `/.well-known/change-password` → 303 to the settings UI (docs/kratos-behavior.md#routes). */
const changePassword: ServerRoute = {
  method: 'GET',
  path: '/.well-known/change-password',
  handler: (request, h) =>
    h
      .response()
      .code(303)
      .header('Location', withQuery(contextOf(request).config.ui.settings, {})),
};

export const fallbackRoutes: ServerRoute[] = [...methodNotAllowed, changePassword];
