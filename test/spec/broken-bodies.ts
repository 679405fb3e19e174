/** Responses that break the settings API schema, each with the violation that must be reported for it. */
import { catalogueErrorBodies, exampleFlow } from './fixtures.js';

type Body = Record<string, any>;

interface BrokenBody {
  name: string;
  operationId: string;
  status: number;
  body: () => unknown;
  /** The violation that must be among those reported: the reason the body is wrong. */
  keyword: string;
  path: string;
  message?: RegExp;
}

function flowWith(change: (flow: Body) => void): () => Body {
  return () => {
    const flow = exampleFlow();
    change(flow);
    return flow;
  };
}

function errorBody(name: string): Body {
  const fixture = catalogueErrorBodies().find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`no catalogue error body named "${name}"`);
  return fixture.body as Body;
}

function errorWith(name: string, change: (body: Body) => void): () => Body {
  return () => {
    const body = errorBody(name);
    change(body);
    return body;
  };
}

const OIDC_LINK = 'browser location change required (OIDC link)';
const EXPIRED = 'flow expired (POST)';
const REAUTH = 're-authentication needed (API)';

export const BROKEN_BODIES: BrokenBody[] = [
  {
    name: 'flow without ui',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => delete f['ui']),
    keyword: 'required',
    path: '',
    message: /'ui'/,
  },
  {
    name: 'flow without identity',
    operationId: 'createNativeSettingsFlow',
    status: 200,
    body: flowWith((f) => delete f['identity']),
    keyword: 'required',
    path: '',
    message: /'identity'/,
  },
  {
    name: 'unknown state',
    operationId: 'updateSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['state'] = 'pending')),
    keyword: 'enum',
    path: '/state',
  },
  {
    name: 'unknown flow type',
    operationId: 'createBrowserSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['type'] = 'spa')),
    keyword: 'enum',
    path: '/type',
  },
  {
    name: 'numeric expires_at',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['expires_at'] = 1767265200)),
    keyword: 'type',
    path: '/expires_at',
  },
  {
    name: 'issued_at without time zone',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['issued_at'] = '2026-01-01 10:00:00')),
    keyword: 'format',
    path: '/issued_at',
  },
  {
    name: 'non-uuid flow id',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['id'] = 'flow-1')),
    keyword: 'format',
    path: '/id',
  },
  {
    name: 'non-uuid organization_id',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['organization_id'] = 'org-1')),
    keyword: 'format',
    path: '/organization_id',
  },
  {
    name: 'ui.nodes is an object',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['ui'].nodes = {})),
    keyword: 'type',
    path: '/ui/nodes',
  },
  {
    name: 'ui without action',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => delete f['ui'].action),
    keyword: 'required',
    path: '/ui',
    message: /'action'/,
  },
  {
    name: 'unknown node group',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['ui'].nodes[1].group = 'traits')),
    keyword: 'enum',
    path: '/ui/nodes/1/group',
  },
  {
    name: 'unknown message type',
    operationId: 'updateSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['ui'].messages = [{ id: 1050001, text: 'Your changes have been saved!', type: 'warning' }])),
    keyword: 'enum',
    path: '/ui/messages/0/type',
  },
  {
    name: 'message id as a string',
    operationId: 'updateSettingsFlow',
    status: 400,
    body: flowWith((f) => (f['ui'].nodes[4].messages = [{ id: '4000032', text: 'too short', type: 'error' }])),
    keyword: 'type',
    path: '/ui/nodes/4/messages/0/id',
  },
  {
    name: 'node without messages',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => delete f['ui'].nodes[2].messages),
    keyword: 'required',
    path: '/ui/nodes/2',
    message: /'messages'/,
  },
  {
    name: 'node without meta',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => delete f['ui'].nodes[2].meta),
    keyword: 'required',
    path: '/ui/nodes/2',
    message: /'meta'/,
  },
  {
    name: 'input node with img attributes',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith(
      (f) =>
        (f['ui'].nodes[2].attributes = { id: 'totp_qr', src: 'data:image/png;base64,AA==', width: 256, height: 256, node_type: 'img' }),
    ),
    keyword: 'enum',
    path: '/ui/nodes/2/attributes/node_type',
  },
  {
    name: 'unknown node type',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['ui'].nodes[2].type = 'button')),
    keyword: 'discriminator',
    path: '/ui/nodes/2',
  },
  {
    name: 'unknown input type',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['ui'].nodes[2].attributes.type = 'color')),
    keyword: 'enum',
    path: '/ui/nodes/2/attributes/type',
  },
  {
    name: 'input attributes without disabled',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => delete f['ui'].nodes[2].attributes.disabled),
    keyword: 'required',
    path: '/ui/nodes/2/attributes',
    message: /'disabled'/,
  },
  {
    name: 'unknown onclickTrigger',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['ui'].nodes[3].attributes.onclickTrigger = 'oryMagic')),
    keyword: 'enum',
    path: '/ui/nodes/3/attributes/onclickTrigger',
  },
  {
    name: 'label id as a string',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['ui'].nodes[1].meta.label.id = 'E-Mail')),
    keyword: 'type',
    path: '/ui/nodes/1/meta/label/id',
  },
  {
    name: 'text node without its text',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) =>
      f['ui'].nodes.push({ type: 'text', group: 'totp', attributes: { id: 'totp_secret_key', node_type: 'text' }, messages: [], meta: {} }),
    ),
    keyword: 'required',
    path: '/ui/nodes/6/attributes',
    message: /'text'/,
  },
  {
    name: 'img node with a string width',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) =>
      f['ui'].nodes.push({
        type: 'img',
        group: 'totp',
        attributes: { id: 'totp_qr', src: 'data:image/png;base64,AA==', width: '256', height: 256, node_type: 'img' },
        messages: [],
        meta: {},
      }),
    ),
    keyword: 'type',
    path: '/ui/nodes/6/attributes/width',
  },
  {
    name: 'identity without schema_url',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => delete f['identity'].schema_url),
    keyword: 'required',
    path: '/identity',
    message: /'schema_url'/,
  },
  {
    name: 'numeric identity id',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['identity'].id = 42)),
    keyword: 'type',
    path: '/identity/id',
  },
  {
    name: 'non-uuid identity id',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['identity'].id = 'user-1')),
    keyword: 'format',
    path: '/identity/id',
  },
  {
    name: 'identity traits as a string',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['identity'].traits = 'a@b.c')),
    keyword: 'type',
    path: '/identity/traits',
  },
  {
    name: 'unknown identity state',
    operationId: 'getSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['identity'].state = 'deleted')),
    keyword: 'enum',
    path: '/identity/state',
  },
  {
    name: 'unknown continue_with action',
    operationId: 'updateSettingsFlow',
    status: 200,
    body: flowWith((f) => (f['continue_with'] = [{ action: 'show_login_ui' }])),
    keyword: 'discriminator',
    path: '/continue_with/0',
  },
  {
    name: 'flat error envelope',
    operationId: 'getSettingsFlow',
    status: 404,
    body: () => ({ code: 404, status: 'Not Found', message: 'Unable to locate the resource' }),
    keyword: 'required',
    path: '',
    message: /'error'/,
  },
  {
    name: 'error without message',
    operationId: 'updateSettingsFlow',
    status: 401,
    body: () => ({ error: { code: 401, status: 'Unauthorized' } }),
    keyword: 'required',
    path: '/error',
    message: /'message'/,
  },
  {
    name: 'error code as a string',
    operationId: 'getSettingsFlow',
    status: 404,
    body: () => ({ error: { code: '404', message: 'Unable to locate the resource' } }),
    keyword: 'type',
    path: '/error/code',
  },
  {
    name: 'error details as a string',
    operationId: 'updateSettingsFlow',
    status: 403,
    body: errorWith(REAUTH, (b) => (b['error'].details = 'see docs')),
    keyword: 'type',
    path: '/error/details',
  },
  {
    name: '403 redirect_browser_to that is not a URL',
    operationId: 'updateSettingsFlow',
    status: 403,
    body: errorWith(REAUTH, (b) => (b['redirect_browser_to'] = 'log in again')),
    keyword: 'format',
    path: '/redirect_browser_to',
  },
  {
    name: '422 without redirect_browser_to',
    operationId: 'updateSettingsFlow',
    status: 422,
    body: errorWith(OIDC_LINK, (b) => delete b['redirect_browser_to']),
    keyword: 'required',
    path: '',
    message: /'redirect_browser_to'/,
  },
  {
    name: '422 nested twice as the official document has it',
    operationId: 'updateSettingsFlow',
    status: 422,
    body: errorWith(OIDC_LINK, (b) => (b['error'] = { error: b['error'] })),
    keyword: 'required',
    path: '/error',
    message: /'message'/,
  },
  {
    name: '410 with a numeric expired_at',
    operationId: 'updateSettingsFlow',
    status: 410,
    body: errorWith(EXPIRED, (b) => (b['expired_at'] = 1767261600)),
    keyword: 'type',
    path: '/expired_at',
  },
  {
    name: '410 with a non-uuid use_flow_id',
    operationId: 'updateSettingsFlow',
    status: 410,
    body: errorWith(EXPIRED, (b) => (b['use_flow_id'] = 'new-flow')),
    keyword: 'format',
    path: '/use_flow_id',
  },
  {
    name: '410 with since as a duration string',
    operationId: 'updateSettingsFlow',
    status: 410,
    body: errorWith(EXPIRED, (b) => (b['since'] = '1h')),
    keyword: 'type',
    path: '/since',
  },
  {
    name: '400 that is neither a flow nor an error',
    operationId: 'updateSettingsFlow',
    status: 400,
    body: () => ({ message: 'bad request' }),
    keyword: 'oneOf',
    path: '',
  },
];
