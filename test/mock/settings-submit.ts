/** Shared setup for the POST /self-service/settings tests. */
import { expect } from 'chai';
import { JSON_ACCEPT, cookieHeader, json, setCookies, type Harness } from './harness.js';

export const HOUR = 60 * 60 * 1000;
export const JSON_BODY = { 'content-type': 'application/json' };

export async function apiFlow(h: Harness, token: string): Promise<any> {
  return json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
}

/** A browser flow created with a session token; `cookie` carries the CSRF cookie it minted. */
export async function browserFlow(h: Harness, token: string, query = ''): Promise<{ flow: any; cookie: string }> {
  const response = await h.inject({
    method: 'GET',
    url: `/self-service/settings/browser${query}`,
    headers: { ...JSON_ACCEPT, 'x-session-token': token },
  });
  expect(response.statusCode).to.equal(200);
  return { flow: json(response), cookie: cookieHeader(setCookies(response)) };
}

export function submit(h: Harness, flowId: string, body: unknown, headers: Record<string, string>) {
  return h.inject({
    method: 'POST',
    url: `/self-service/settings?flow=${flowId}`,
    headers: { ...JSON_BODY, ...headers },
    payload: JSON.stringify(body),
  });
}
