/**
 * The registration, verification, recovery and courier answers against the official Kratos OpenAPI document
 * (https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/spec/api.json, whose copy the project's
 * reference material holds; the test skips without it), operation by operation and status by status.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createResponseValidator, type ResponseValidator } from '../../spec/validator.js';
import { loadDocument } from '../../spec/openapi-schema.js';
import { REFERENCE_DIR, skipWithoutShared } from '../spec/shared-reference.js';
import { browserLogin, Client, createIdentity, JSON_HEADERS, nodeValue, startMock, type Answer, type Started } from './http-client.js';

const OFFICIAL = `${REFERENCE_DIR}kratos-api.json`;

/**
 * The document with its request-body discriminators taken out (some map a value their branch's enum does not allow,
 * which spec/'s loader refuses; requests are not what this test checks) Go's format names made standard, and the discriminated unions typed as objects, as strict validators want them.
 */
async function withoutRequestDiscriminators(): Promise<string> {
  const document = JSON.parse(readFileSync(OFFICIAL, 'utf8')) as { components: { schemas: Record<string, Record<string, unknown>> } };
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    if (/^update\w+FlowBody$/.test(name)) delete schema['discriminator'];
    else if (schema['discriminator'] !== undefined) schema['type'] ??= 'object';
  }
  const file = join(await mkdtemp(join(tmpdir(), 'kratos-api-')), 'kratos-api.json');
  // Go's "uuid4" format is a UUID to every JSON Schema validator.
  writeFileSync(file, JSON.stringify(document).replaceAll('"format":"uuid4"', '"format":"uuid"'));
  return file;
}
const PASSWORD = 'a passphrase for the openapi test';

describe('mock: registration, verification, recovery and courier answers match the official OpenAPI document', function () {
  this.timeout(30_000);
  let validator: ResponseValidator;
  let mock: Started;

  before(async function () {
    skipWithoutShared(this, OFFICIAL);
    validator = createResponseValidator(await loadDocument(await withoutRequestDiscriminators()));
    mock = await startMock();
  });
  after(() => mock?.stop());

  const conforms = (operationId: string, answer: Answer) => {
    expect(
      validator.validateResponse(operationId, answer.status, answer.json),
      `${operationId} ${answer.status}: ${answer.text.slice(0, 300)}`,
    ).to.deep.equal([]);
  };

  it('registration: api and browser flows, a 400 and both successes', async () => {
    const api = new Client(mock.base);
    const flow = await api.get('/self-service/registration/api');
    conforms('createNativeRegistrationFlow', flow);
    conforms('getRegistrationFlow', await api.get(`/self-service/registration/flows?id=${flow.json.id}`));
    conforms(
      'updateRegistrationFlow',
      await api.request('POST', `/self-service/registration?flow=${flow.json.id}`, {
        json: { method: 'password', traits: {}, password: PASSWORD },
      }),
    );
    conforms(
      'updateRegistrationFlow',
      await api.request('POST', `/self-service/registration?flow=${flow.json.id}`, {
        json: { method: 'password', traits: { email: 'openapi-api@example.com' }, password: PASSWORD },
      }),
    );
    const browser = new Client(mock.base);
    const browserFlow = await browser.get('/self-service/registration/browser', JSON_HEADERS);
    conforms('createBrowserRegistrationFlow', browserFlow);
    conforms(
      'updateRegistrationFlow',
      await browser.request('POST', `/self-service/registration?flow=${browserFlow.json.id}`, {
        headers: JSON_HEADERS,
        json: {
          method: 'password',
          traits: { email: 'openapi-browser@example.com' },
          password: PASSWORD,
          csrf_token: nodeValue(browserFlow.json, 'csrf_token'),
        },
      }),
    );
  });

  it('verification and recovery: code sent, a wrong code, passed challenge', async () => {
    const email = 'openapi-recovery@example.com';
    await createIdentity(mock.base, email, PASSWORD);
    for (const kind of ['verification', 'recovery'] as const) {
      const Kind = kind === 'verification' ? 'Verification' : 'Recovery';
      const client = new Client(mock.base);
      const flow = await client.get(`/self-service/${kind}/api`);
      conforms(`createNative${Kind}Flow`, flow);
      conforms(
        `update${Kind}Flow`,
        await client.request('POST', `/self-service/${kind}?flow=${flow.json.id}`, { json: { method: 'code', email } }),
      );
      conforms(`get${Kind}Flow`, await client.get(`/self-service/${kind}/flows?id=${flow.json.id}`));
      conforms(
        `update${Kind}Flow`,
        await client.request('POST', `/self-service/${kind}?flow=${flow.json.id}`, { json: { method: 'code', code: 'nope' } }),
      );
      const messages = (await client.get(`/admin/courier/messages?recipient=${encodeURIComponent(email)}`)).json as any[];
      const code = /(\d{6})/.exec(messages.find((message) => message.template_type === `${kind}_code_valid`).body)![1];
      conforms(
        `update${Kind}Flow`,
        await client.request('POST', `/self-service/${kind}?flow=${flow.json.id}`, { json: { method: 'code', code } }),
      );
      conforms(`createBrowser${Kind}Flow`, await new Client(mock.base).get(`/self-service/${kind}/browser`, JSON_HEADERS));
    }
  });

  it('the outbox lists courier messages', async () => {
    conforms('listCourierMessages', await new Client(mock.base).get('/admin/courier/messages'));
  });

  it('a settings change to a new address answers a continue_with the document describes', async () => {
    await createIdentity(mock.base, 'openapi-mover@example.com', PASSWORD);
    const client = new Client(mock.base);
    await browserLogin(client, 'openapi-mover@example.com', PASSWORD);
    const flow = await client.get('/self-service/settings/browser', JSON_HEADERS);
    const saved = await client.request('POST', `/self-service/settings?flow=${flow.json.id}`, {
      headers: JSON_HEADERS,
      json: { method: 'profile', traits: { email: 'openapi-moved@example.com' }, csrf_token: nodeValue(flow.json, 'csrf_token') },
    });
    conforms('updateSettingsFlow', saved);
    expect(saved.json.continue_with.map((item: any) => item.action)).to.deep.equal(['show_verification_ui', 'redirect_browser_to']);
  });
});
