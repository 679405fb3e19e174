import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { RegistrationError, verifyRegistration } from '../../mock/webauthn/registration.js';
import { PUBLIC } from './harness.js';
import { noneAttestation } from './strategy-support.js';

describe('mock: WebAuthn registration parsing never fails with anything but a registration error', () => {
  const expected = { session: { challenge: 'AAAA', userId: 'AAAA' }, rpId: '127.0.0.1', origins: [PUBLIC] };

  it('arbitrary strings and arbitrary attestation bytes are rejected as parse or verify errors', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(() => verifyRegistration(text, expected)).to.throw(RegistrationError);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 100 }), (attestation, clientData) => {
        const json = JSON.stringify({
          id: 'AQID',
          rawId: 'AQID',
          type: 'public-key',
          response: {
            attestationObject: Buffer.from(attestation).toString('base64url'),
            clientDataJSON: Buffer.from(clientData).toString('base64url'),
          },
        });
        expect(() => verifyRegistration(json, expected)).to.throw(RegistrationError);
      }),
    );
  });

  it('authData with arbitrary bytes after the credential id is rejected as a registration error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (tail) => {
        const valid = JSON.parse(noneAttestation({ challenge: 'AAAA', credentialId: Buffer.from([1, 2, 3]) }));
        const authData = Buffer.concat([
          createHash('sha256').update('127.0.0.1').digest(),
          Buffer.from([0x45, 0, 0, 0, 0]),
          Buffer.alloc(16),
          Buffer.from([0, 3, 1, 2, 3]),
          tail,
        ]);
        const attestation = Buffer.concat([
          Buffer.from([0xa3, 0x63]),
          Buffer.from('fmt'),
          Buffer.from([0x64]),
          Buffer.from('none'),
          Buffer.from([0x67]),
          Buffer.from('attStmt'),
          Buffer.from([0xa0, 0x68]),
          Buffer.from('authData'),
          Buffer.from([0x58, authData.length]),
          authData,
        ]);
        valid.response.attestationObject = attestation.toString('base64url');
        try {
          verifyRegistration(JSON.stringify(valid), expected);
        } catch (failure) {
          expect(failure).to.be.instanceOf(RegistrationError);
        }
      }),
    );
  });
});
