/** Shared setup for the settings strategy tests: submits with a session token, and password logins. */
import { json, type Harness } from './harness.js';

export function submit(h: Harness, flowId: string, body: unknown, token: string, headers: Record<string, string> = {}) {
  return h.inject({
    method: 'POST',
    url: `/self-service/settings?flow=${flowId}`,
    headers: { 'content-type': 'application/json', 'x-session-token': token, ...headers },
    payload: JSON.stringify(body),
  });
}

export async function loginStatus(h: Harness, email: string, password: string): Promise<number> {
  const flow = json(await h.inject({ method: 'GET', url: '/self-service/login/api' }));
  const response = await h.inject({
    method: 'POST',
    url: `/self-service/login?flow=${flow.id}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ method: 'password', identifier: email, password }),
  });
  return response.statusCode;
}
