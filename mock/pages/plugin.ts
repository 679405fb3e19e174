/**
 * The built-in UI at `/ui/settings`, `/ui/login`, `/ui/error`, `/ui/registration`, `/ui/verification` and `/ui/recovery`
 * (the default UI URLs). Like a server-rendered Ory UI, each
 * page reads its flow through the public API with the browser's cookies and renders `ui.nodes` as plain HTML forms.
 */
import type { Plugin, Request, ResponseObject, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import { contextOf, headerOf } from '../context.js';
import { redirect } from '../settings/guards.js';
import { escapeHtml, page } from './html.js';
import { renderMessages, renderUi } from './nodes.js';
import { isPlainObject } from '../../spec/json.js';

interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A GET of the public API on behalf of the browser: its cookies, JSON accepted. */
async function callApi(request: Request, url: string): Promise<ApiAnswer> {
  const cookie = headerOf(request, 'cookie');
  const response = await request.server.inject({
    method: 'GET',
    url,
    headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) },
  });
  let body: unknown;
  try {
    body = JSON.parse(response.payload);
  } catch {
    body = {};
  }
  return { status: response.statusCode, body: isPlainObject(body) ? body : {} };
}

function queryValue(request: Request, name: string): string | undefined {
  const value = request.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function html(h: ResponseToolkit, body: string, status = 200): ResponseObject {
  return h.response(body).code(status).type('text/html; charset=utf-8').header('Cache-Control', 'private, no-cache, no-store');
}

function errorOf(body: Record<string, unknown>): Record<string, unknown> {
  return isPlainObject(body['error']) ? body['error'] : {};
}

function describeError(error: Record<string, unknown>): string {
  const rows: [string, unknown][] = [
    ['Status', error['code'] === undefined ? undefined : `${String(error['code'])} ${String(error['status'] ?? '')}`.trim()],
    ['Error id', error['id']],
    ['Message', error['message']],
    ['Reason', error['reason']],
  ];
  const list = rows
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  const details = isPlainObject(error['details'])
    ? `<h3>Details</h3><pre>${escapeHtml(JSON.stringify(error['details'], null, 2))}</pre>`
    : '';
  const summary = String(error['reason'] ?? error['message'] ?? 'Unknown error');
  return `<section aria-labelledby="error-heading"><h2 id="error-heading">Something went wrong</h2>
<div class="message message-error" role="alert">${escapeHtml(summary)}</div>
<dl>${list}</dl>${details}</section>`;
}

function accountLinks(publicBaseUrl: string): [string, string][] {
  return [
    ['Settings', `${publicBaseUrl}/self-service/settings/browser`],
    ['Sign in', `${publicBaseUrl}/self-service/login/browser`],
    ['Sign up', `${publicBaseUrl}/self-service/registration/browser`],
    ['Recover account', `${publicBaseUrl}/self-service/recovery/browser`],
    ['Verify email', `${publicBaseUrl}/self-service/verification/browser`],
  ];
}

const settingsPage: ServerRoute = {
  method: 'GET',
  path: '/ui/settings',
  options: { id: 'uiSettings' },
  handler: async (request, h) => {
    const base = contextOf(request).config.publicBaseUrl;
    const init = `${base}/self-service/settings/browser`;
    const flowId = queryValue(request, 'flow');
    if (!flowId) return redirect(h, init);
    const flow = await callApi(request, `/self-service/settings/flows?id=${encodeURIComponent(flowId)}`);
    const error = errorOf(flow.body);
    if (flow.status === 401) return redirect(h, `${base}/self-service/login/browser`);
    if (flow.status === 403 && typeof flow.body['redirect_browser_to'] === 'string') return redirect(h, flow.body['redirect_browser_to']);
    if (flow.status === 404) return redirect(h, init);
    if (flow.status === 410) {
      const details = isPlainObject(error['details']) ? error['details'] : {};
      return redirect(h, typeof details['redirect_to'] === 'string' ? details['redirect_to'] : init);
    }
    const links = accountLinks(base);
    if (flow.status !== 200) return html(h, page({ title: 'Account settings', main: describeError(error), links }), flow.status);
    const logout = await callApi(request, '/self-service/logout/browser');
    if (typeof logout.body['logout_url'] === 'string') links.push(['Sign out', logout.body['logout_url']]);
    const identity = isPlainObject(flow.body['identity']) ? flow.body['identity'] : {};
    const traits = isPlainObject(identity['traits']) ? identity['traits'] : {};
    const who = typeof traits['email'] === 'string' ? `<p>Signed in as <strong>${escapeHtml(traits['email'])}</strong>.</p>` : '';
    return html(
      h,
      page({ title: 'Account settings', main: `${who}\n${renderUi(isPlainObject(flow.body['ui']) ? flow.body['ui'] : {})}`, links }),
    );
  },
};

const loginPage: ServerRoute = {
  method: 'GET',
  path: '/ui/login',
  options: { id: 'uiLogin' },
  handler: async (request, h) => {
    const base = contextOf(request).config.publicBaseUrl;
    const init = `${base}/self-service/login/browser`;
    const flowId = queryValue(request, 'flow');
    if (!flowId) return redirect(h, init);
    const flow = await callApi(request, `/self-service/login/flows?id=${encodeURIComponent(flowId)}`);
    if (flow.status === 404 || flow.status === 410) return redirect(h, init);
    const links = accountLinks(base);
    if (flow.status !== 200) return html(h, page({ title: 'Sign in', main: describeError(errorOf(flow.body)), links }), flow.status);
    const title = flow.body['requested_aal'] === 'aal2' ? 'Second factor' : flow.body['refresh'] === true ? 'Confirm it is you' : 'Sign in';
    return html(h, page({ title, main: renderUi(isPlainObject(flow.body['ui']) ? flow.body['ui'] : {}), links }));
  },
};

const errorPage: ServerRoute = {
  method: 'GET',
  path: '/ui/error',
  options: { id: 'uiError' },
  handler: async (request, h) => {
    const links = accountLinks(contextOf(request).config.publicBaseUrl);
    const id = queryValue(request, 'id');
    const answer = id ? await callApi(request, `/self-service/errors?id=${encodeURIComponent(id)}`) : undefined;
    if (answer?.status !== 200) {
      const main = renderMessages([{ id: 0, type: 'error', text: 'This error is unknown or no longer available.' }]);
      return html(
        h,
        page({ title: 'Error', main: `<section aria-labelledby="missing"><h2 id="missing">Error not found</h2>${main}</section>`, links }),
        404,
      );
    }
    return html(h, page({ title: 'Error', main: describeError(errorOf(answer.body)), links }));
  },
};

const FLOW_PAGES = [
  ['registration', 'Sign up'],
  ['verification', 'Verify your email'],
  ['recovery', 'Recover your account'],
] as const;

/** Sign-up, verification and recovery pages: the flow's nodes, or a fresh flow when it is missing, unknown or expired. */
const flowPages: ServerRoute[] = FLOW_PAGES.map(([kind, title]) => ({
  method: 'GET',
  path: `/ui/${kind}`,
  options: { id: `ui${kind[0]!.toUpperCase()}${kind.slice(1)}` },
  handler: async (request: Request, h: ResponseToolkit) => {
    const base = contextOf(request).config.publicBaseUrl;
    const init = `${base}/self-service/${kind}/browser`;
    const flowId = queryValue(request, 'flow');
    if (!flowId) return redirect(h, init);
    const flow = await callApi(request, `/self-service/${kind}/flows?id=${encodeURIComponent(flowId)}`);
    if (flow.status === 404 || flow.status === 410) return redirect(h, init);
    const links = accountLinks(base);
    if (flow.status !== 200) return html(h, page({ title, main: describeError(errorOf(flow.body)), links }), flow.status);
    return html(h, page({ title, main: renderUi(isPlainObject(flow.body['ui']) ? flow.body['ui'] : {}), links }));
  },
}));

export const pagesPlugin: Plugin<undefined> = {
  name: 'kratos-settings-mock-pages',
  register(server) {
    server.route([settingsPage, loginPage, errorPage, ...flowPages]);
  },
};
