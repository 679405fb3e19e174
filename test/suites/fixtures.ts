/** Canned exchanges for the checks' unit tests. Bodies follow Kratos (docs/kratos-behavior.md#flow-shape, #error-body-examples). */
import type { RecordedExchange } from '../../reporters/report.js';

export const TARGET = 'http://127.0.0.1:4433';
export const FLOW_ID = '8f9b6c3e-2a4d-4f1b-9c7e-1d2a3b4c5d6e';
export const OTHER_FLOW_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

export function exchange(
  status: number,
  options: {
    headers?: Record<string, string | string[]>;
    body?: unknown;
    method?: string;
    path?: string;
    requestHeaders?: Record<string, string>;
    error?: string;
  } = {},
): RecordedExchange {
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers = {
    ...(options.body !== undefined && typeof options.body !== 'string' ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  return {
    request: {
      method: options.method ?? 'GET',
      url: `${TARGET}${options.path ?? '/self-service/settings/api'}`,
      headers: options.requestHeaders ?? { accept: 'application/json' },
    },
    response: {
      status,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(options.error !== undefined ? { error: options.error } : {}),
    },
    durationMs: 3,
  };
}

export function errorBody(
  code: number,
  status: string,
  message: string,
  extra: Record<string, unknown> = {},
  error: Record<string, unknown> = {},
): Record<string, unknown> {
  return { error: { code, status, message, ...error }, ...extra };
}

export function flowBody(
  options: { id?: string; type?: string; state?: string; action?: string; messages?: unknown[]; nodes?: unknown[] } = {},
): Record<string, unknown> {
  const id = options.id ?? FLOW_ID;
  return {
    id,
    type: options.type ?? 'api',
    expires_at: '2026-01-01T11:00:00Z',
    issued_at: '2026-01-01T10:00:00Z',
    request_url: `${TARGET}/self-service/settings/api`,
    ui: {
      action: options.action ?? `${TARGET}/self-service/settings?flow=${id}`,
      method: 'POST',
      nodes: options.nodes ?? [
        {
          type: 'input',
          group: 'default',
          attributes: { name: 'csrf_token', type: 'hidden', value: '', required: true, disabled: false, node_type: 'input' },
          messages: [],
          meta: {},
        },
      ],
      ...(options.messages ? { messages: options.messages } : {}),
    },
    identity: { id: '5b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', schema_id: 'default', traits: { email: 'a@b.c' } },
    state: options.state ?? 'show_form',
    organization_id: null,
  };
}

export const SESSION_INACTIVE_401 = errorBody(
  401,
  'Unauthorized',
  'request does not have a valid authentication session',
  {},
  {
    id: 'session_inactive',
    reason: 'No active session was found in this request.',
  },
);
export const EXPIRED_410 = errorBody(
  410,
  'Gone',
  'self-service flow expired',
  { expired_at: '2026-01-01T10:00:00Z', since: 3600000000000, use_flow_id: OTHER_FLOW_ID },
  {
    id: 'self_service_flow_expired',
    reason: 'The self-service flow expired 60.00 minutes ago, initialize a new one.',
  },
);
export const AAL2_403 = errorBody(
  403,
  'Forbidden',
  'Session does not fulfill the requested Authenticator Assurance Level',
  {
    redirect_browser_to: `${TARGET}/self-service/login/browser?aal=aal2`,
  },
  { id: 'session_aal2_required' },
);
export const REFRESH_403 = errorBody(
  403,
  'Forbidden',
  'The requested action was forbidden',
  {
    redirect_browser_to: `${TARGET}/self-service/login/browser?refresh=true&return_to=${encodeURIComponent(`${TARGET}/self-service/settings?flow=${FLOW_ID}`)}`,
  },
  { id: 'session_refresh_required' },
);
export const LOCATION_CHANGE_422 = errorBody(
  422,
  'Unprocessable Entity',
  'browser location change required',
  {
    redirect_browser_to: 'https://provider.example/authorize?state=x',
  },
  { id: 'browser_location_change_required' },
);
