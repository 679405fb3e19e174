import { expect } from 'chai';
import { loadValidator, type ResponseValidator } from '../../spec/index.js';
import { BROKEN_BODIES } from './broken-bodies.js';

describe('spec: broken bodies are rejected for the right reason', () => {
  let validator: ResponseValidator;
  before(async () => {
    validator = await loadValidator();
  });

  it('has at least 25 broken bodies', () => {
    expect(BROKEN_BODIES.length).to.be.at.least(25);
  });

  for (const broken of BROKEN_BODIES) {
    it(`rejects ${broken.name} (${broken.operationId} ${broken.status}: ${broken.keyword} at "${broken.path}")`, () => {
      const violations = validator.validateResponse(broken.operationId, broken.status, broken.body());
      const reasons = violations.filter((v) => v.keyword === broken.keyword && v.path === broken.path);
      expect(reasons, JSON.stringify(violations, null, 1)).to.not.be.empty;
      if (broken.message) {
        const pattern = broken.message;
        expect(
          reasons.some((v) => pattern.test(v.message)),
          JSON.stringify(reasons),
        ).to.equal(true);
      }
    });
  }
});
