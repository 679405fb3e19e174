import { expect } from 'chai';
import { loadValidator, type ResponseValidator } from '../../spec/index.js';
import { catalogueErrorBodies, exampleFlow } from './fixtures.js';

describe('spec: Kratos facts (docs/kratos-behavior.md) validate', () => {
  let validator: ResponseValidator;
  before(async () => {
    validator = await loadValidator();
  });

  it('accepts the docs/kratos-behavior.md#flow-shape example flow as the 200 of every operation that returns a flow', () => {
    for (const operationId of ['createBrowserSettingsFlow', 'createNativeSettingsFlow', 'getSettingsFlow', 'updateSettingsFlow']) {
      expect(validator.validateResponse(operationId, 200, exampleFlow()), operationId).to.deep.equal([]);
    }
  });

  it('accepts the docs/kratos-behavior.md#flow-shape example flow as a 400 validation answer of updateSettingsFlow', () => {
    const flow = exampleFlow();
    flow['ui'].nodes[4].messages = [{ id: 4000032, text: 'The password must be at least 8 characters long, but got 3.', type: 'error' }];
    expect(validator.validateResponse('updateSettingsFlow', 400, flow)).to.deep.equal([]);
  });

  it('accepts the docs/kratos-behavior.md#submit-success-api success flow (state success, message 1050001, continue_with)', () => {
    const flow = exampleFlow();
    flow['state'] = 'success';
    flow['ui'].messages = [{ id: 1050001, text: 'Your changes have been saved!', type: 'success' }];
    flow['continue_with'] = [{ action: 'redirect_browser_to', redirect_browser_to: 'http://127.0.0.1:4455/settings' }];
    expect(validator.validateResponse('updateSettingsFlow', 200, flow)).to.deep.equal([]);
  });

  it('accepts the docs/kratos-behavior.md#flow-shape example flow as the settingsFlow component', () => {
    expect(validator.validateComponent('settingsFlow', exampleFlow())).to.deep.equal([]);
    expect(validator.validateComponent('identity', exampleFlow()['identity'])).to.deep.equal([]);
    expect(validator.validateComponent('uiNodes', exampleFlow()['ui'].nodes)).to.deep.equal([]);
  });

  for (const fixture of catalogueErrorBodies()) {
    it(`accepts the error body "${fixture.name}" as ${fixture.operationId} ${fixture.status} (${fixture.source})`, () => {
      expect(validator.validateResponse(fixture.operationId, fixture.status, fixture.body)).to.deep.equal([]);
    });
  }
});
