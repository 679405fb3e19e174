import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { loadValidator, PROVISIONING_OPERATION_IDS, SETTINGS_OPERATIONS, type ResponseValidator } from '../../spec/index.js';
import { REFERENCE_DIR, skipWithoutShared } from './shared-reference.js';

const OFFICIAL_DOCUMENT = `${REFERENCE_DIR}kratos-api.json`;

type Operation = { operationId?: string; tags?: string[]; responses: Record<string, unknown> };
type Paths = Record<string, Record<string, Operation>>;

function operationsOf(document: { paths: Paths }): Map<string, { method: string; path: string; operation: Operation }> {
  const operations = new Map<string, { method: string; path: string; operation: Operation }>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.operationId) operations.set(operation.operationId, { method: method.toUpperCase(), path, operation });
    }
  }
  return operations;
}

const ours = operationsOf(parseYaml(readFileSync(new URL('../../spec/settings.openapi.yaml', import.meta.url), 'utf8')));

describe('spec: parity with the official Kratos document', () => {
  let official: ReturnType<typeof operationsOf>;
  let validator: ResponseValidator;
  before(async function () {
    skipWithoutShared(this, OFFICIAL_DOCUMENT);
    official = operationsOf(JSON.parse(readFileSync(OFFICIAL_DOCUMENT, 'utf8')));
    validator = await loadValidator();
  });

  for (const { operationId } of SETTINGS_OPERATIONS) {
    it(`${operationId}: our statuses include every official status, same method and path`, () => {
      const theirs = official.get(operationId);
      const mine = ours.get(operationId);
      expect(theirs, 'official operation').to.not.equal(undefined);
      expect(mine, 'our operation').to.not.equal(undefined);
      expect(Object.keys(mine!.operation.responses)).to.include.members(Object.keys(theirs!.operation.responses));
      expect([mine!.method, mine!.path]).to.deep.equal([theirs!.method, theirs!.path]);
    });
  }

  it('createNativeSettingsFlow adds the 401 and 403 the official document lacks', () => {
    expect(Object.keys(official.get('createNativeSettingsFlow')!.operation.responses)).to.not.include.members(['401', '403']);
    expect(validator.documentedStatuses('createNativeSettingsFlow')).to.include.members([401, 403]);
  });

  it('serves the support operations at the official method and path, tagged support, apart from the settings ones', () => {
    for (const operationId of PROVISIONING_OPERATION_IDS) {
      const mine = ours.get(operationId);
      const theirs = official.get(operationId);
      expect(mine?.operation.tags, operationId).to.deep.equal(['support']);
      expect([mine?.method, mine?.path], operationId).to.deep.equal([theirs?.method, theirs?.path]);
    }
    for (const { operationId } of SETTINGS_OPERATIONS) {
      expect(ours.get(operationId)?.operation.tags, operationId).to.deep.equal(['settings']);
    }
    expect([...ours.keys()].sort()).to.deep.equal([...SETTINGS_OPERATIONS.map((o) => o.operationId), ...PROVISIONING_OPERATION_IDS].sort());
  });
});
