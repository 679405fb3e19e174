/**
 * The two official SDKs behind one small interface, so the same scenarios drive both. Each adapter calls the SDK the
 * way its users do and reports the status, the raw JSON, the SDK's parsed value and the Set-Cookie headers; an error
 * status must arrive as the SDK's own error type (fetch: ResponseError, axios: AxiosError), or the call fails.
 */
import { Configuration as AxiosConfiguration, FrontendApi as AxiosFrontendApi, IdentityApi as AxiosIdentityApi } from '@ory/kratos-client';
import {
  Configuration as FetchConfiguration,
  CreateIdentityBodyFromJSON,
  FrontendApi as FetchFrontendApi,
  IdentityApi as FetchIdentityApi,
  ResponseError,
  UpdateLoginFlowBodyFromJSON,
  UpdateSettingsFlowBodyFromJSON,
  type ApiResponse,
} from '@ory/kratos-client-fetch';

export interface Answer {
  status: number;
  /** The body as sent (snake_case JSON). */
  json: any;
  /** What the SDK handed its caller on success. */
  value: unknown;
  setCookies: string[];
  /** True when the SDK signalled the status as its error type. */
  thrown: boolean;
}

export interface Auth {
  token?: string;
  cookie?: string;
}

export interface SdkClient {
  name: string;
  createIdentity(body: Record<string, unknown>): Promise<Answer>;
  getIdentity(id: string): Promise<Answer>;
  createNativeLoginFlow(options: { refresh?: boolean; aal?: string; token?: string }): Promise<Answer>;
  createBrowserLoginFlow(options: { cookie?: string }): Promise<Answer>;
  updateLoginFlow(flow: string, body: Record<string, unknown>, auth: Auth): Promise<Answer>;
  toSession(auth: Auth): Promise<Answer>;
  createNativeSettingsFlow(token?: string): Promise<Answer>;
  createBrowserSettingsFlow(cookie?: string, returnTo?: string): Promise<Answer>;
  getSettingsFlow(id: string, auth: Auth): Promise<Answer>;
  updateSettingsFlow(flow: string, body: Record<string, unknown>, auth: Auth): Promise<Answer>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function viaFetch<T>(run: () => Promise<ApiResponse<T>>): Promise<Answer> {
  try {
    const response = await run();
    const json = parseJson(await response.raw.clone().text());
    const value = await response.value();
    return { status: response.raw.status, json, value, setCookies: response.raw.headers.getSetCookie(), thrown: false };
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    const json = parseJson(await error.response.text());
    return { status: error.response.status, json, value: undefined, setCookies: error.response.headers.getSetCookie(), thrown: true };
  }
}

/** `@ory/kratos-client-fetch`: server-side use sends `Accept: application/json`, as the SDK's browser-flow docs ask. */
export function fetchClient(basePath: string): SdkClient {
  const configuration = new FetchConfiguration({ basePath, headers: { Accept: 'application/json' } });
  const frontend = new FetchFrontendApi(configuration);
  const identities = new FetchIdentityApi(configuration);
  return {
    name: '@ory/kratos-client-fetch',
    createIdentity: (body) => viaFetch(() => identities.createIdentityRaw({ createIdentityBody: CreateIdentityBodyFromJSON(body) })),
    getIdentity: (id) => viaFetch(() => identities.getIdentityRaw({ id })),
    createNativeLoginFlow: ({ refresh, aal, token }) =>
      viaFetch(() => frontend.createNativeLoginFlowRaw({ refresh, aal, xSessionToken: token })),
    createBrowserLoginFlow: ({ cookie }) => viaFetch(() => frontend.createBrowserLoginFlowRaw({ cookie })),
    updateLoginFlow: (flow, body, auth) =>
      viaFetch(() =>
        frontend.updateLoginFlowRaw({
          flow,
          updateLoginFlowBody: UpdateLoginFlowBodyFromJSON(body),
          xSessionToken: auth.token,
          cookie: auth.cookie,
        }),
      ),
    toSession: (auth) => viaFetch(() => frontend.toSessionRaw({ xSessionToken: auth.token, cookie: auth.cookie })),
    createNativeSettingsFlow: (token) => viaFetch(() => frontend.createNativeSettingsFlowRaw({ xSessionToken: token })),
    createBrowserSettingsFlow: (cookie, returnTo) => viaFetch(() => frontend.createBrowserSettingsFlowRaw({ cookie, returnTo })),
    getSettingsFlow: (id, auth) => viaFetch(() => frontend.getSettingsFlowRaw({ id, xSessionToken: auth.token, cookie: auth.cookie })),
    updateSettingsFlow: (flow, body, auth) =>
      viaFetch(() =>
        frontend.updateSettingsFlowRaw({
          flow,
          updateSettingsFlowBody: UpdateSettingsFlowBodyFromJSON(body),
          xSessionToken: auth.token,
          cookie: auth.cookie,
        }),
      ),
  };
}

interface AxiosLikeResponse {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
}

function setCookiesOf(headers: Record<string, unknown>): string[] {
  const raw = headers['set-cookie'];
  return Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
}

async function viaAxios(run: () => Promise<AxiosLikeResponse>): Promise<Answer> {
  try {
    const response = await run();
    return {
      status: response.status,
      json: response.data,
      value: response.data,
      setCookies: setCookiesOf(response.headers),
      thrown: false,
    };
  } catch (error) {
    const failure = error as { isAxiosError?: boolean; response?: AxiosLikeResponse };
    if (failure.isAxiosError !== true || !failure.response) throw error;
    const { status, data, headers } = failure.response;
    return { status, json: data, value: undefined, setCookies: setCookiesOf(headers), thrown: true };
  }
}

/** `@ory/kratos-client` (axios), whose default Accept header already asks for JSON. */
export function axiosClient(basePath: string): SdkClient {
  const configuration = new AxiosConfiguration({ basePath });
  const frontend = new AxiosFrontendApi(configuration);
  const identities = new AxiosIdentityApi(configuration);
  return {
    name: '@ory/kratos-client',
    createIdentity: (body) => viaAxios(() => identities.createIdentity({ createIdentityBody: body as never })),
    getIdentity: (id) => viaAxios(() => identities.getIdentity({ id })),
    createNativeLoginFlow: ({ refresh, aal, token }) =>
      viaAxios(() => frontend.createNativeLoginFlow({ refresh, aal, xSessionToken: token })),
    createBrowserLoginFlow: ({ cookie }) => viaAxios(() => frontend.createBrowserLoginFlow({ cookie })),
    updateLoginFlow: (flow, body, auth) =>
      viaAxios(() =>
        frontend.updateLoginFlow({
          flow,
          updateLoginFlowBody: body as never,
          xSessionToken: auth.token,
          cookie: auth.cookie,
        }),
      ),
    toSession: (auth) => viaAxios(() => frontend.toSession({ xSessionToken: auth.token, cookie: auth.cookie })),
    createNativeSettingsFlow: (token) => viaAxios(() => frontend.createNativeSettingsFlow({ xSessionToken: token })),
    createBrowserSettingsFlow: (cookie, returnTo) => viaAxios(() => frontend.createBrowserSettingsFlow({ cookie, returnTo })),
    getSettingsFlow: (id, auth) => viaAxios(() => frontend.getSettingsFlow({ id, xSessionToken: auth.token, cookie: auth.cookie })),
    updateSettingsFlow: (flow, body, auth) =>
      viaAxios(() =>
        frontend.updateSettingsFlow({
          flow,
          updateSettingsFlowBody: body as never,
          xSessionToken: auth.token,
          cookie: auth.cookie,
        }),
      ),
  };
}
