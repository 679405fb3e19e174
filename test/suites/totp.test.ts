import { expect } from 'chai';
import { decodeBase32, hotp, totp } from '../../suites/totp.js';

// RFC 6238 appendix B (SHA-1 seed "12345678901234567890") and RFC 4226 appendix D.
const RFC_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('decodes base32', () => {
    expect(decodeBase32(RFC_SECRET_BASE32).toString('ascii')).to.equal('12345678901234567890');
  });
  it('matches the RFC 4226 HOTP values', () => {
    const key = Buffer.from('12345678901234567890');
    expect([0, 1, 9].map((counter) => hotp(key, counter))).to.deep.equal(['755224', '287082', '520489']);
  });
  it('matches the RFC 6238 SHA-1 vectors (8 digits)', () => {
    expect(totp(RFC_SECRET_BASE32, 59_000, 30, 8)).to.equal('94287082');
    expect(totp(RFC_SECRET_BASE32, 1_111_111_109_000, 30, 8)).to.equal('07081804');
    expect(totp(RFC_SECRET_BASE32, 20_000_000_000_000, 30, 8)).to.equal('65353130');
  });
});
