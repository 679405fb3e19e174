import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { compileJsonSchema, loadValidator, SETTINGS_OPERATIONS, type ResponseValidator } from '../../spec/index.js';
import { loadDocument } from '../../spec/openapi-schema.js';
import { exampleFlow } from './fixtures.js';

describe('spec: validator API', () => {
  let validator: ResponseValidator;
  before(async () => {
    validator = await loadValidator();
  });

  it('is memoized: two loadValidator() calls give the same instance', async () => {
    const [first, second] = await Promise.all([loadValidator(), loadValidator()]);
    expect(first).to.equal(second);
    expect(await loadValidator()).to.equal(validator);
  });

  it('records the sha256 of the document file bytes', () => {
    const bytes = readFileSync(new URL('../../spec/settings.openapi.yaml', import.meta.url));
    expect(validator.specSha256).to.equal(createHash('sha256').update(bytes).digest('hex'));
  });

  it('documents the statuses of the API reference for the four settings operations', () => {
    for (const operation of SETTINGS_OPERATIONS) {
      expect(validator.documentedStatuses(operation.operationId), operation.operationId).to.deep.equal([...operation.statuses]);
    }
  });

  it('documents the support operations', () => {
    expect(validator.documentedStatuses('createIdentity')).to.deep.equal([201, 400, 409]);
    expect(validator.documentedStatuses('deleteIdentity')).to.deep.equal([204, 404]);
    expect(validator.documentedStatuses('updateLoginFlow')).to.deep.equal([200, 303, 400, 410, 422]);
    expect(validator.documentedStatuses('toSession')).to.deep.equal([200, 401, 403]);
    expect(validator.documentedStatuses('isReady')).to.deep.equal([200, 503]);
  });

  it('requires Location on every 303 and nothing on JSON answers', () => {
    expect(validator.requiredHeaders('createBrowserSettingsFlow', 303)).to.deep.equal(['location']);
    expect(validator.requiredHeaders('updateSettingsFlow', 303)).to.deep.equal(['location']);
    expect(validator.requiredHeaders('updateLoginFlow', 303)).to.deep.equal(['location']);
    expect(validator.requiredHeaders('updateSettingsFlow', 200)).to.deep.equal([]);
    expect(validator.requiredHeaders('getSettingsFlow', 418)).to.deep.equal([]);
  });

  it('throws for an unknown operationId', () => {
    expect(() => validator.validateResponse('deleteSettingsFlow', 200, {})).to.throw(/unknown operationId "deleteSettingsFlow"/);
    expect(() => validator.documentedStatuses('deleteSettingsFlow')).to.throw(/unknown operationId/);
    expect(() => validator.requiredHeaders('deleteSettingsFlow', 303)).to.throw(/unknown operationId/);
  });

  it('compiles every component schema under ajv strict mode', async () => {
    const names = Object.keys((await loadDocument()).componentSchemas);
    expect(names).to.include.members(['settingsFlow', 'uiNodes', 'uiNode', 'errorGeneric', 'identity', 'session']);
    for (const name of names) {
      expect(() => validator.validateComponent(name, null), name).to.not.throw();
    }
  });

  it('throws for an unknown component', () => {
    expect(() => validator.validateComponent('settingsFlowV2', {})).to.throw(/unknown component schema "settingsFlowV2"/);
  });

  it('falls back to the default response (errorGeneric) for an undocumented status', () => {
    const body = { error: { code: 500, status: 'Internal Server Error', message: 'boom' } };
    expect(validator.validateResponse('getSettingsFlow', 500, body)).to.deep.equal([]);
    const flat = validator.validateResponse('getSettingsFlow', 500, { code: 500, message: 'boom' });
    expect(flat.map((v) => [v.keyword, v.path])).to.deep.include(['required', '']);
  });

  it('accepts any body for a documented response without content (303, 204)', () => {
    expect(validator.validateResponse('createBrowserSettingsFlow', 303, '<a href="/">See Other</a>')).to.deep.equal([]);
    expect(validator.validateResponse('deleteIdentity', 204, undefined)).to.deep.equal([]);
  });

  it('reports an undocumented status of an operation without a default response', () => {
    const violations = validator.validateResponse('isReady', 500, {});
    expect(violations).to.have.length(1);
    expect(violations[0]?.keyword).to.equal('status');
  });

  it('reports every violation of an invalid body, with path, keyword, message and schemaPath', () => {
    const flow = exampleFlow();
    flow['state'] = 'pending';
    flow['issued_at'] = 'yesterday';
    const violations = validator.validateResponse('getSettingsFlow', 200, flow);
    expect(violations.map((v) => [v.keyword, v.path])).to.have.deep.members([
      ['format', '/issued_at'],
      ['enum', '/state'],
    ]);
    const state = violations.find((v) => v.path === '/state');
    expect(state?.message).to.contain('"show_form", "success"');
    expect(state?.schemaPath).to.match(/state\/enum$/);
  });

  it('treats OpenAPI nullable as "null allowed": organization_id, metadata_public, verified_at', () => {
    const flow = exampleFlow();
    flow['identity'].verifiable_addresses = [{ value: 'a@b.c', verified: false, via: 'email', status: 'pending', verified_at: null }];
    expect(validator.validateResponse('getSettingsFlow', 200, flow)).to.deep.equal([]);
    flow['organization_id'] = null;
    flow['identity'].metadata_public = { plan: 'free' };
    expect(validator.validateResponse('getSettingsFlow', 200, flow)).to.deep.equal([]);
  });
});

describe('spec: compileJsonSchema (user schemas)', () => {
  const identitySchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      traits: {
        type: 'object',
        properties: {
          email: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
          website: { type: 'string', minLength: 10 },
        },
        required: ['email'],
      },
    },
  };

  it('compiles a draft-07 identity schema with Kratos extension keywords and reports every violation', () => {
    const check = compileJsonSchema(identitySchema);
    expect(check({ traits: { email: 'a@b.c' } })).to.deep.equal([]);
    const violations = check({ traits: { email: 'not-an-email', website: 'http://s' } });
    expect(violations.map((v) => [v.keyword, v.path])).to.have.deep.members([
      ['format', '/traits/email'],
      ['minLength', '/traits/website'],
    ]);
  });

  it('compiles a 2020-12 schema', () => {
    const check = compileJsonSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
    });
    expect(check(['x'])).to.deep.equal([]);
    expect(check([1]).map((v) => v.keyword)).to.deep.equal(['type']);
  });

  it('accepts the same $id compiled twice (a schema re-read from disk)', () => {
    const schema = () => ({ $id: 'https://example.com/identity.schema.json', type: 'object', required: ['traits'] });
    compileJsonSchema(schema());
    const check = compileJsonSchema(schema());
    expect(check({}).map((v) => v.keyword)).to.deep.equal(['required']);
  });

  it('throws a clear Error for an invalid schema', () => {
    expect(() => compileJsonSchema({ type: 'strnig' })).to.throw(Error, /^invalid JSON Schema: /);
  });
});
