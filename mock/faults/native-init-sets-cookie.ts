import { csrfCookieName, encodeRealToken, newRealToken } from '../http/csrf.js';
import { serializeCookie } from '../http/cookies.js';
import { onSettingsResponse, type Fault } from './fault.js';

/** The CSRF middleware is not bypassed for the API endpoint. */
export const nativeInitSetsCookie: Fault = {
  name: 'native-init-sets-cookie',
  description: 'The native (API) init endpoint sets an anti-CSRF cookie, like the browser one.',
  breaks: ['SF-API-NO-COOKIE'],
  apply: ({ server, mock }) =>
    onSettingsResponse(server, ['createNativeSettingsFlow'], (response) => {
      const cookie = serializeCookie(csrfCookieName(mock.config.publicBaseUrl), encodeRealToken(newRealToken()), {
        maxAgeSeconds: 31536000,
      });
      response.header('Set-Cookie', cookie, { append: true });
    }),
};
