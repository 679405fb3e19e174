/**
 * Validations per second of a typical 12-node settings flow: our validator (discriminator + first-error pass) against
 * a plain ajv setup (allErrors, no discriminator) compiling the same dereferenced schema. The plain setup is compiled
 * here on purpose: it is the baseline being measured, not a second validator of the project.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadValidator } from '../spec/index.js';
import { loadDocument, toJsonSchema } from '../spec/openapi-schema.js';
import { callsPerSecond, median, type BenchResult } from './bench-result.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const FLOW_ID = '3f6c1a2e-8b4d-4c1e-9f7a-2d5b6e8c0a11';
const ROUNDS = 7;
const MILLIS_PER_ROUND = 250;

function input(group: string, name: string, type: string, extra: Record<string, unknown> = {}, label?: { id: number; text: string }) {
  return {
    type: 'input',
    group,
    attributes: { name, type, disabled: false, node_type: 'input', ...extra },
    messages: [],
    meta: label ? { label: { ...label, type: 'info' } } : {},
  };
}

/**
 * Profile, password, TOTP setup and lookup nodes of a browser flow (docs/kratos-behavior.md#nodes-per-strategy): 12
 * nodes.
 */
function typicalSettingsFlow(): unknown {
  return {
    id: FLOW_ID,
    type: 'browser',
    expires_at: '2026-01-01T11:00:00Z',
    issued_at: '2026-01-01T10:00:00Z',
    request_url: 'http://127.0.0.1:4433/self-service/settings/browser',
    ui: {
      action: `http://127.0.0.1:4433/self-service/settings?flow=${FLOW_ID}`,
      method: 'POST',
      nodes: [
        input('default', 'csrf_token', 'hidden', { value: 'dG9rZW4=', required: true }),
        input(
          'profile',
          'traits.email',
          'email',
          { value: 'a@b.c', required: true, autocomplete: 'email' },
          { id: 1070002, text: 'E-Mail' },
        ),
        input('profile', 'traits.name', 'text', { value: 'Ada' }),
        input('profile', 'method', 'submit', { value: 'profile' }, { id: 1070003, text: 'Save' }),
        input('password', 'password', 'password', { required: true, autocomplete: 'new-password' }, { id: 1070001, text: 'Password' }),
        input('password', 'method', 'submit', { value: 'password' }, { id: 1070003, text: 'Save' }),
        {
          type: 'img',
          group: 'totp',
          attributes: { src: 'data:image/png;base64,iVBORw0KGgo=', id: 'totp_qr', width: 256, height: 256, node_type: 'img' },
          messages: [],
          meta: { label: { id: 1050005, text: 'Authenticator app QR code', type: 'info' } },
        },
        {
          type: 'text',
          group: 'totp',
          attributes: {
            text: { id: 1050006, text: 'JBSWY3DPEHPK3PXP', type: 'info', context: { secret: 'JBSWY3DPEHPK3PXP' } },
            id: 'totp_secret_key',
            node_type: 'text',
          },
          messages: [],
          meta: {
            label: { id: 1050017, text: 'This is your authenticator app secret. Use it if you can not scan the QR code.', type: 'info' },
          },
        },
        input('totp', 'totp_code', 'text', { required: true }, { id: 1070006, text: 'Verify code' }),
        input('totp', 'method', 'submit', { value: 'totp' }, { id: 1070003, text: 'Save' }),
        input(
          'lookup_secret',
          'lookup_secret_regenerate',
          'submit',
          { value: true },
          { id: 1050008, text: 'Generate new backup recovery codes' },
        ),
        {
          type: 'script',
          group: 'webauthn',
          attributes: {
            src: 'http://127.0.0.1:4433/.well-known/ory/webauthn.js',
            async: true,
            referrerpolicy: 'no-referrer',
            crossorigin: 'anonymous',
            integrity: 'sha512-AAAA',
            type: 'text/javascript',
            id: 'webauthn_script',
            nonce: 'f2c1b0e7',
            node_type: 'script',
          },
          messages: [],
          meta: {},
        },
      ],
    },
    identity: {
      id: '9b2e4f60-1c3d-4a5b-8e7f-0a1b2c3d4e5f',
      schema_id: 'default',
      schema_url: 'http://127.0.0.1:4433/schemas/ZGVmYXVsdA',
      state: 'active',
      traits: { email: 'a@b.c', name: 'Ada' },
      metadata_public: null,
      created_at: '2026-01-01T09:00:00Z',
      updated_at: '2026-01-01T09:00:00Z',
      organization_id: null,
    },
    state: 'show_form',
    organization_id: null,
  };
}

export default async function validatorThroughput(): Promise<BenchResult> {
  const validator = await loadValidator();
  const document = await loadDocument();
  const schema = document.operations.get('getSettingsFlow')?.responses.get('200')?.schema;
  if (!schema) throw new Error('getSettingsFlow 200 has no schema');
  const plainAjv = new Ajv({ allErrors: true, strict: false });
  addFormats(plainAjv);
  const plain = plainAjv.compile(toJsonSchema(schema, { discriminator: false }));

  const flow = typicalSettingsFlow();
  if (validator.validateResponse('getSettingsFlow', 200, flow).length > 0 || !plain(flow)) {
    throw new Error('the benchmark flow must be valid for both setups');
  }
  const ours = () => validator.validateResponse('getSettingsFlow', 200, flow);
  const reference = () => plain(flow);
  callsPerSecond(ours, MILLIS_PER_ROUND);
  callsPerSecond(reference, MILLIS_PER_ROUND);
  const oursRounds: number[] = [];
  const referenceRounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    oursRounds.push(callsPerSecond(ours, MILLIS_PER_ROUND));
    referenceRounds.push(callsPerSecond(reference, MILLIS_PER_ROUND));
  }
  const value = median(oursRounds);
  const referenceValue = median(referenceRounds);
  return {
    name: 'settings flow validation (12 nodes, valid)',
    value,
    unit: 'validations/s',
    reference: referenceValue,
    ratio: value / referenceValue,
    target: 1.5,
  };
}
