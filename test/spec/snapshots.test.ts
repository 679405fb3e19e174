import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadValidator, type ResponseValidator } from '../../spec/index.js';
import { REFERENCE_DIR, skipWithoutShared } from './shared-reference.js';

const SNAPSHOT_DIR = `${REFERENCE_DIR}kratos-snapshots/`;

/** docs/kratos-behavior.md#snapshots: these files hold the form values a test submitted, not anything Kratos answered. */
const SUBMITTED_FORM_VALUES = new Map<string, string>([
  ...['api', 'browser', 'spa'].map((type): [string, string] => [
    `strategy-passkey/TestCompleteSettings-case=fails_to_remove_passkey_if_it_is_the_last_credential_available-type=${type}.json`,
    'form values submitted by the test (docs/kratos-behavior.md#snapshots, passkey); the answer is the matching -response.json',
  ]),
  ...['browser', 'spa'].map((type): [string, string] => [
    `strategy-webauthn/TestCompleteSettings-case=fails_to_remove_security_key_if_it_is_passwordless_and_the_last_credential_available-type=${type}.json`,
    'form values submitted by the test (docs/kratos-behavior.md#snapshots, webauthn); the answer is the matching -response.json',
  ]),
  ...['browser', 'spa'].map((type): [string, string] => [
    `strategy-webauthn/TestCompleteSettings-case=possible_to_remove_webauthn_credential_if_it_is_MFA_at_all_times-type=${type}.json`,
    'form values submitted by the test (docs/kratos-behavior.md#snapshots, webauthn)',
  ]),
]);

/**
 * Kratos's snapshot tests cut values that change on every run (cupaloy ExceptPaths): the QR data URI, the TOTP secret
 * text, the webauthn script's versioned src and nonce. Kratos always emits them (docs/kratos-behavior.md#nodes-per-strategy), and the
 * document requires them, so they are put back with values of the right shape before validating.
 */
function restoreValuesKratosTestsStrip(node: Record<string, any>): void {
  const attributes = node['attributes'];
  if (attributes.node_type === 'img') attributes.src ??= 'data:image/png;base64,iVBORw0KGgo=';
  if (attributes.node_type === 'script') {
    attributes.src ??= 'http://127.0.0.1:4433/.well-known/ory/webauthn.js';
    attributes.nonce ??= 'f2c1b0e7-5a51-4b8c-9d1e-3f0c7b9a8e21';
  }
  if (attributes.node_type === 'text') attributes.text.text ??= 'JBSWY3DPEHPK3PXP';
}

function snapshotFiles(): string[] {
  return readdirSync(SNAPSHOT_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => readdirSync(`${SNAPSHOT_DIR}${dir.name}`).map((file) => `${dir.name}/${file}`))
    .sort();
}

describe('spec: real Kratos snapshots validate', () => {
  let validator: ResponseValidator;
  before(async function () {
    skipWithoutShared(this, SNAPSHOT_DIR);
    validator = await loadValidator();
  });

  it('validates every node list, ui container and single node (form-value files left out by name)', () => {
    const checked: string[] = [];
    const rejected: Record<string, unknown> = {};
    const record = (file: string, violations: unknown[]): void => {
      if (violations.length > 0) rejected[file] = violations;
    };
    for (const file of snapshotFiles()) {
      if (SUBMITTED_FORM_VALUES.has(file) || file.startsWith('migratest-settings_flow/')) continue;
      const snapshot = JSON.parse(readFileSync(`${SNAPSHOT_DIR}${file}`, 'utf8'));
      if (Array.isArray(snapshot)) {
        snapshot.forEach(restoreValuesKratosTestsStrip);
        record(file, validator.validateComponent('uiNodes', snapshot));
      } else if (Array.isArray(snapshot.nodes)) {
        // A ui container whose `action` the test stripped (docs/kratos-behavior.md#snapshots, strategy-profile).
        snapshot.nodes.forEach(restoreValuesKratosTestsStrip);
        record(
          file,
          validator.validateComponent('uiContainer', { action: 'http://127.0.0.1:4433/self-service/settings?flow=x', ...snapshot }),
        );
      } else if (typeof snapshot.type === 'string' && typeof snapshot.group === 'string') {
        restoreValuesKratosTestsStrip(snapshot);
        record(file, validator.validateComponent('uiNode', snapshot));
      } else {
        expect.fail(`${file}: unknown snapshot shape; classify it (node list, ui container, node, or submitted form values)`);
      }
      checked.push(file);
    }
    expect(rejected).to.deep.equal({});
    expect(checked.length, 'snapshot files validated').to.be.at.least(50);
  });

  it('leaves out only files that exist (the form-value list names real files)', () => {
    const files = new Set(snapshotFiles());
    for (const [file, reason] of SUBMITTED_FORM_VALUES) {
      expect(files.has(file), `${file} (${reason})`).to.equal(true);
      const values = JSON.parse(readFileSync(`${SNAPSHOT_DIR}${file}`, 'utf8'));
      // Form values are a map from field name to submitted strings, nothing like a node.
      expect(Object.values(values).every(Array.isArray), file).to.equal(true);
    }
  });

  it('validates the migratest full flows except their legacy empty ui (nodes: null)', () => {
    // docs/kratos-behavior.md#snapshots: DB migration fixtures with legacy request_url paths whose `ui` was never populated. Every flow
    // Kratos creates today carries at least the csrf_token node, so `nodes: null` stays rejected and is the only
    // violation; everything else (key set, organization_id null, identity) must validate.
    const flows = snapshotFiles().filter((file) => file.startsWith('migratest-settings_flow/'));
    expect(flows).to.have.length(2);
    for (const file of flows) {
      const flow = JSON.parse(readFileSync(`${SNAPSHOT_DIR}${file}`, 'utf8'));
      const violations = validator.validateResponse('getSettingsFlow', 200, flow);
      expect(
        violations.map((v) => [v.keyword, v.path]),
        file,
      ).to.deep.equal([['type', '/ui/nodes']]);
    }
  });
});
