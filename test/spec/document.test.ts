import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { exampleFlow } from './fixtures.js';
import { loadDocument, SPEC_FILE, toJsonSchema } from '../../spec/openapi-schema.js';
import { createResponseValidator } from '../../spec/validator.js';

describe('spec: loading and translating the document', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spec-document-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function variant(name: string, edit: (text: string) => string): string {
    const file = join(dir, name);
    writeFileSync(file, edit(readFileSync(SPEC_FILE, 'utf8')));
    return file;
  }

  it('loads the shipped document with the four settings and nine support operations', async () => {
    const document = await loadDocument();
    expect(document.operations.size).to.equal(13);
    expect(document.operations.get('updateSettingsFlow')?.method).to.equal('POST');
  });

  async function failureOf(file: string): Promise<string> {
    try {
      await loadDocument(file);
    } catch (error) {
      return String(error);
    }
    return 'loaded without error';
  }

  it('refuses a document swagger-parser finds invalid', async () => {
    const file = variant('invalid.yaml', (text) =>
      text.replace('  /health/ready:\n    get:\n', '  /health/ready:\n    get:\n      responses-typo: {}\n'),
    );
    expect(await failureOf(file)).to.match(/Swagger schema validation failed[\s\S]*health~1ready\/get must NOT have additional properties/);
  });

  it('refuses a discriminator mapping that disagrees with its branch', async () => {
    const file = variant('mapping.yaml', (text) =>
      text.replace("img: '#/components/schemas/uiNodeImage'", "img: '#/components/schemas/uiNodeText'"),
    );
    expect(await failureOf(file)).to.contain('discriminator mapping "img"');
  });

  it('compiles OpenAPI-only keywords in strict mode without letting them change validation', async () => {
    const annotated = `    selfServiceFlowType:
      type: string
      example: browser
      deprecated: false
      readOnly: true
      xml: { name: flowType }
      externalDocs: { url: 'https://www.ory.com/docs' }
      x-go-name: FlowType
`;
    const file = variant('annotated.yaml', (text) => text.replace('    selfServiceFlowType:\n      type: string\n', annotated));
    expect(readFileSync(file, 'utf8')).to.contain('x-go-name: FlowType');
    const validator = createResponseValidator(await loadDocument(file));
    const flow = exampleFlow();
    expect(validator.validateResponse('getSettingsFlow', 200, flow)).to.deep.equal([]);
    flow['type'] = 'spa';
    expect(validator.validateResponse('getSettingsFlow', 200, flow).map((v) => [v.keyword, v.path])).to.deep.equal([['enum', '/type']]);
  });

  it('translates nullable, enum + nullable, vendor extensions and discriminator for ajv', () => {
    const translated = toJsonSchema(
      {
        type: 'object',
        'x-go-name': 'Flow',
        discriminator: { propertyName: 'kind', mapping: { a: '#/components/schemas/a' } },
        oneOf: [{ type: 'object', properties: { kind: { type: 'string', enum: ['a'] } } }],
        properties: {
          'x-not-an-extension': { type: 'string', nullable: true, enum: ['on', 'off'] },
          anything: { nullable: true },
        },
      },
      { discriminator: true },
    );
    expect(translated).to.deep.equal({
      type: 'object',
      discriminator: { propertyName: 'kind' },
      oneOf: [{ type: 'object', properties: { kind: { type: 'string', enum: ['a'] } } }],
      properties: {
        'x-not-an-extension': { type: 'string', nullable: true, enum: ['on', 'off', null] },
        anything: {},
      },
    });
    expect(toJsonSchema({ discriminator: { propertyName: 'kind' }, oneOf: [] }, { discriminator: false })).to.deep.equal({ oneOf: [] });
  });
});
