/**
 * The built-in UI's markup without a browser: every node type of docs/kratos-behavior.md#nodes-per-strategy, escaping, accessibility hooks, and the
 * pages' redirects for missing, unknown and unauthenticated flows.
 */
import type { Server } from '@hapi/hapi';
import { expect } from 'chai';
import { init } from '../../mock/index.js';
import { renderUi } from '../../mock/pages/nodes.js';
import type { UiNode } from '../../mock/ui.js';

const HOSTILE = `"><script>alert(1)</script>&'`;
const ESCAPED = '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;';

function node(type: UiNode['type'], group: UiNode['group'], attributes: Record<string, unknown>, extra: Partial<UiNode> = {}): UiNode {
  return { type, group, attributes: { ...attributes, node_type: type }, messages: [], meta: {}, ...extra };
}

const label = (text: string) => ({ label: { id: 1070002, text, type: 'info' as const } });

const NODES: UiNode[] = [
  node('input', 'default', { name: 'csrf_token', type: 'hidden', value: `csrf${HOSTILE}`, required: true, disabled: false }),
  node(
    'input',
    'profile',
    { name: 'traits.email', type: 'email', value: `a${HOSTILE}@example.com`, required: true, disabled: false },
    { meta: label(`E-Mail${HOSTILE}`), messages: [{ id: 4000040, text: `bad${HOSTILE}`, type: 'error' }] },
  ),
  node('input', 'profile', { name: 'traits.newsletter', type: 'checkbox', value: true, disabled: false }, { meta: label('Newsletter') }),
  node('input', 'profile', { name: 'method', type: 'submit', value: 'profile', disabled: false }, { meta: label('Save') }),
  node(
    'input',
    'password',
    { name: 'password', type: 'password', value: 'never-shown', required: true, autocomplete: 'new-password', disabled: false },
    { meta: label('Password') },
  ),
  node('input', 'password', { name: 'method', type: 'submit', value: 'password', disabled: false }, { meta: label('Save') }),
  node(
    'img',
    'totp',
    { id: 'totp_qr', src: 'data:image/png;base64,iVBORw0KGgo=', width: 256, height: 256 },
    { meta: label('Authenticator app QR code') },
  ),
  node(
    'text',
    'totp',
    { id: 'totp_secret_key', text: { id: 1050006, text: 'JBSWY3DPEHPK3PXP', type: 'info', context: { secret: 'JBSWY3DPEHPK3PXP' } } },
    { meta: label('This is your authenticator app secret.') },
  ),
  node('text', 'lookup_secret', {
    id: 'lookup_secret_codes',
    text: {
      id: 1050015,
      text: 'abcd1234, used',
      type: 'info',
      context: {
        secrets: [
          { id: 1050009, text: 'abcd1234', type: 'info', context: { secret: 'abcd1234' } },
          { id: 1050014, text: `Secret was used at ${HOSTILE}`, type: 'info' },
        ],
      },
    },
  }),
  node(
    'input',
    'webauthn',
    {
      name: 'webauthn_register_trigger',
      type: 'button',
      value: '',
      disabled: false,
      onclick: 'window.oryWebAuthnRegistration({"publicKey":{}})',
      onclickTrigger: 'oryWebAuthnRegistration',
    },
    { meta: label('Add security key') },
  ),
  node('script', 'webauthn', {
    src: 'http://127.0.0.1:4433/.well-known/ory/webauthn.js',
    async: true,
    referrerpolicy: 'no-referrer',
    crossorigin: 'anonymous',
    integrity: 'sha512-abc',
    type: 'text/javascript',
    id: 'webauthn_script',
    nonce: 'n-1',
    'onload="alert(1)"': 'x',
  }),
  node('a', 'oidc', { id: 'docs', href: `https://example.com/?q=${HOSTILE}`, title: { id: 1, text: 'Read more', type: 'info' } }),
  node('a', 'oidc', { id: 'sneaky', href: 'javascript:alert(1)', title: { id: 1, text: 'Sneaky', type: 'info' } }),
];

describe('built-in UI: node rendering', () => {
  const html = renderUi({
    action: 'http://127.0.0.1:4433/self-service/settings?flow=f1',
    method: 'POST',
    nodes: NODES,
    messages: [
      { id: 1050001, text: 'Your changes have been saved!', type: 'success' },
      { id: 4000001, text: HOSTILE, type: 'error' },
    ],
  });

  it('escapes every value taken from the flow', () => {
    expect(html).not.to.include('<script>alert(1)</script>');
    expect(html).to.include(ESCAPED);
    expect(html.match(/<script\b/g)).to.have.length(1);
  });

  it('makes one section with a heading and a form per group, posting to ui.action with ui.method', () => {
    const headings = [...html.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(headings).to.deep.equal(['Profile', 'Password', 'Authenticator app', 'Backup codes', 'Security keys', 'Linked accounts']);
    const forms = html.match(/<form action="http:\/\/127\.0\.0\.1:4433\/self-service\/settings\?flow=f1" method="post">/g);
    expect(forms).to.have.length(6);
    expect(html.match(/<input type="hidden" name="csrf_token"/g)).to.have.length(6);
  });

  it('ties every visible input to a label and its messages to aria-describedby, errors as alerts', () => {
    for (const [, id] of html.matchAll(/<input type="(?:email|password|checkbox)" id="([^"]+)"/g)) {
      expect(html).to.include(`for="${id}"`);
    }
    const email = /<input type="email" id="([^"]+)"[^>]*aria-invalid="true" aria-describedby="([^"]+)"/.exec(html);
    expect(email, 'email input with its error').not.to.equal(null);
    expect(html).to.include(
      `<div id="${email![2]}" class="messages"><p class="message message-error" role="alert" data-message-id="4000040">`,
    );
    expect(html).to.include('<p class="message message-success" data-message-id="1050001">Your changes have been saved!</p>');
  });

  it('renders inputs, buttons, checkbox, img, text, a and script nodes', () => {
    expect(html).to.match(/<input type="checkbox" id="[^"]+" name="traits.newsletter"[^>]* value="true" checked>/);
    expect(html).to.match(/<button type="submit" id="[^"]+" name="method" value="profile">Save<\/button>/);
    expect(html).to.match(/<input type="password" id="[^"]+" name="password" required autocomplete="new-password">/);
    expect(html).not.to.include('never-shown');
    expect(html).to.include(
      '<img id="totp_qr" src="data:image/png;base64,iVBORw0KGgo=" alt="Authenticator app QR code" width="256" height="256">',
    );
    expect(html).to.include('<code class="secret">JBSWY3DPEHPK3PXP</code>');
    expect(html).to.include('<ul class="codes"><li>abcd1234</li><li>Secret was used at');
    expect(html).to.include('onclick="window.oryWebAuthnRegistration({&quot;publicKey&quot;:{}})"');
    expect(html).to.include(
      '<script src="http://127.0.0.1:4433/.well-known/ory/webauthn.js" async referrerpolicy="no-referrer" ' +
        'crossorigin="anonymous" integrity="sha512-abc" type="text/javascript" id="webauthn_script" nonce="n-1"></script>',
    );
    expect(html).to.include(`<a id="docs" href="https://example.com/?q=${ESCAPED}">Read more</a>`);
    expect(html).to.include('<a id="sneaky">Sneaky</a>');
  });

  it('survives a malformed container', () => {
    expect(() =>
      renderUi({ nodes: [null, 3, { type: 'input' }, { type: 'input', attributes: {} }] as unknown as UiNode[] }),
    ).not.to.throw();
  });
});

describe('built-in UI: pages', () => {
  let server: Server;
  const PUBLIC = 'http://127.0.0.1:4433';

  before(async () => {
    server = await init({ log: () => {} });
  });

  async function loginCookie(): Promise<string> {
    const created = await server.inject({
      method: 'POST',
      url: '/admin/identities',
      headers: { 'content-type': 'application/json' },
      payload: {
        schema_id: 'default',
        traits: { email: 'pages@example.com' },
        credentials: { password: { config: { password: 'pages test passphrase' } } },
      },
    });
    expect(created.statusCode).to.equal(201);
    const flow = JSON.parse((await server.inject({ method: 'GET', url: '/self-service/login/api' })).payload) as { id: string };
    const login = await server.inject({
      method: 'POST',
      url: `/self-service/login?flow=${flow.id}`,
      headers: { 'content-type': 'application/json' },
      payload: { method: 'password', identifier: 'pages@example.com', password: 'pages test passphrase' },
    });
    return `ory_kratos_session=${(JSON.parse(login.payload) as { session_token: string }).session_token}`;
  }

  it('sends a settings page without ?flow= to the settings init endpoint', async () => {
    const response = await server.inject('/ui/settings');
    expect(response.statusCode).to.equal(303);
    expect(response.headers.location).to.equal(`${PUBLIC}/self-service/settings/browser`);
  });

  it('sends a settings page without a session to the login init endpoint', async () => {
    const response = await server.inject('/ui/settings?flow=5f0b1b9c-7c5e-4e51-9a53-3f1a8d1f0e11');
    expect(response.statusCode).to.equal(303);
    expect(response.headers.location).to.equal(`${PUBLIC}/self-service/login/browser`);
  });

  it('sends an unknown login flow to the login init endpoint', async () => {
    const response = await server.inject('/ui/login?flow=5f0b1b9c-7c5e-4e51-9a53-3f1a8d1f0e11');
    expect(response.statusCode).to.equal(303);
    expect(response.headers.location).to.equal(`${PUBLIC}/self-service/login/browser`);
  });

  it('answers an unknown error id with a 404 page', async () => {
    const response = await server.inject('/ui/error?id=5f0b1b9c-7c5e-4e51-9a53-3f1a8d1f0e11');
    expect(response.statusCode).to.equal(404);
    expect(response.headers['content-type']).to.match(/^text\/html/);
    expect(response.payload).to.include('role="alert"');
  });

  it('renders refresh and aal2 login flows with the messages Kratos shows (docs/kratos-behavior.md#messages: 1010003, 1010004)', async () => {
    const cookie = await loginCookie();
    const refresh = await server.inject({ url: '/self-service/login/browser?refresh=true', headers: { cookie } });
    expect(refresh.statusCode).to.equal(303);
    const refreshPage = await server.inject({
      url: new URL(refresh.headers.location as string).pathname + new URL(refresh.headers.location as string).search,
      headers: { cookie },
    });
    expect(refreshPage.statusCode).to.equal(200);
    expect(refreshPage.payload).to.include('Please confirm this action by verifying that it is you.');
    expect(refreshPage.payload).to.match(/<input type="password"[^>]*name="password"/);
    const aal2 = await server.inject({ url: '/self-service/login/browser?aal=aal2', headers: { cookie } });
    const location = new URL(aal2.headers.location as string);
    const aal2Page = await server.inject({ url: location.pathname + location.search, headers: { cookie } });
    expect(aal2Page.payload).to.include('Please complete the second authentication challenge.');
    expect(aal2Page.payload).to.match(/name="totp_code"/);
    expect(aal2Page.payload).to.match(/<html lang="en">[\s\S]*<header>[\s\S]*<main id="main">/);
  });
});
