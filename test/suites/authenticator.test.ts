import { expect } from 'chai';
import { createHash, createPublicKey } from 'node:crypto';
import { creationOptionsOf, encodeCbor, optionsInScript, register } from '../../suites/authenticator.js';

type Decoded = number | string | Buffer | Map<Decoded, Decoded>;

/** An independent CBOR reader for the types the authenticator writes (https://www.rfc-editor.org/rfc/rfc8949#section-3). */
function decodeCbor(bytes: Buffer, start = 0): { value: Decoded; end: number } {
  const initial = bytes[start] ?? 0;
  const majorType = initial >> 5;
  const info = initial & 0x1f;
  let argument = info;
  let offset = start + 1;
  if (info === 24) [argument, offset] = [bytes.readUInt8(offset), offset + 1];
  else if (info === 25) [argument, offset] = [bytes.readUInt16BE(offset), offset + 2];
  else if (info === 26) [argument, offset] = [bytes.readUInt32BE(offset), offset + 4];
  else if (info > 26) throw new Error(`unsupported additional information ${info}`);
  switch (majorType) {
    case 0:
      return { value: argument, end: offset };
    case 1:
      return { value: -1 - argument, end: offset };
    case 2:
      return { value: bytes.subarray(offset, offset + argument), end: offset + argument };
    case 3:
      return { value: bytes.subarray(offset, offset + argument).toString('utf8'), end: offset + argument };
    case 5: {
      const map = new Map<Decoded, Decoded>();
      for (let index = 0; index < argument; index += 1) {
        const key = decodeCbor(bytes, offset);
        const item = decodeCbor(bytes, key.end);
        map.set(key.value, item.value);
        offset = item.end;
      }
      return { value: map, end: offset };
    }
    default:
      throw new Error(`unsupported major type ${majorType}`);
  }
}

const hex = (value: Parameters<typeof encodeCbor>[0]) => encodeCbor(value).toString('hex');

// Shaped like the docs/kratos-behavior.md#nodes-webauthn webauthn_register_trigger onclick and passkey_create_data value.
const ONCLICK =
  'window.oryWebAuthnRegistration({"publicKey":{"rp":{"name":"Example","id":"localhost"},"user":{"name":"a@b.c","id":"dXNlcg"},"challenge":"c2VydmVyLWNoYWxsZW5nZQ","pubKeyCredParams":[{"type":"public-key","alg":-7}],"attestation":"none"}})';

describe('software authenticator', () => {
  it('encodes CBOR like the RFC 8949 appendix A examples', () => {
    expect([0, 23, 24, 100, 1000, 1000000].map((value) => hex(value))).to.deep.equal(['00', '17', '1818', '1864', '1903e8', '1a000f4240']);
    expect([-1, -10, -100, -1000].map((value) => hex(value))).to.deep.equal(['20', '29', '3863', '3903e7']);
    expect(hex('')).to.equal('60');
    expect(hex('IETF')).to.equal('6449455446');
    expect(hex(Uint8Array.from([1, 2, 3, 4]))).to.equal('4401020304');
    expect(
      hex(
        new Map([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).to.equal('a201020304');
    expect(hex({ a: 'A', b: 'B' })).to.equal('a26161614161626142');
  });

  it('reads the challenge and relying party id from an onclick script and from plain options JSON', () => {
    expect(creationOptionsOf(optionsInScript(ONCLICK) ?? '')).to.deep.equal({ challenge: 'c2VydmVyLWNoYWxsZW5nZQ', rpId: 'localhost' });
    expect(creationOptionsOf('{"publicKey":{"rp":{"id":"example.org"},"challenge":"abc"}}')).to.deep.equal({
      challenge: 'abc',
      rpId: 'example.org',
    });
    expect(creationOptionsOf('{"publicKey":{"rp":{}}}')).to.equal(undefined);
    expect(creationOptionsOf('not json')).to.equal(undefined);
    expect(optionsInScript('window.oryPasskeySettingsRegistration()')).to.equal(undefined);
  });

  describe('a registration response', () => {
    const credential = register({ challenge: 'c2VydmVyLWNoYWxsZW5nZQ', rpId: 'localhost' }, 'http://localhost:4455');
    const attestation = decodeCbor(Buffer.from(credential.response.attestationObject, 'base64url')).value as Map<Decoded, Decoded>;
    const authData = attestation.get('authData') as Buffer;

    it('has clientDataJSON of type webauthn.create with the challenge and origin', () => {
      const clientData = JSON.parse(Buffer.from(credential.response.clientDataJSON, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      expect(clientData).to.include({ type: 'webauthn.create', challenge: 'c2VydmVyLWNoYWxsZW5nZQ', origin: 'http://localhost:4455' });
      expect(credential.type).to.equal('public-key');
      expect(credential.rawId).to.equal(credential.id);
    });

    it('is a "none" attestation with an empty statement', () => {
      expect(attestation.get('fmt')).to.equal('none');
      expect((attestation.get('attStmt') as Map<Decoded, Decoded>).size).to.equal(0);
    });

    it('lays authenticator data out as rpIdHash | flags | signCount | aaguid | credential id | COSE key (https://www.w3.org/TR/webauthn-2/#sctn-authenticator-data)', () => {
      expect(authData.subarray(0, 32).equals(createHash('sha256').update('localhost').digest())).to.equal(true);
      const flags = authData[32] ?? 0;
      expect({
        userPresent: (flags & 0x01) !== 0,
        userVerified: (flags & 0x04) !== 0,
        attestedData: (flags & 0x40) !== 0,
        extensions: (flags & 0x80) !== 0,
      }).to.deep.equal({ userPresent: true, userVerified: true, attestedData: true, extensions: false });
      expect(authData.readUInt32BE(33)).to.equal(0);
      expect(authData.subarray(37, 53).equals(Buffer.alloc(16))).to.equal(true);
      const idLength = authData.readUInt16BE(53);
      expect(authData.subarray(55, 55 + idLength).toString('base64url')).to.equal(credential.id);
      const key = decodeCbor(authData, 55 + idLength);
      expect(key.end).to.equal(authData.length);
      const cose = key.value as Map<Decoded, Decoded>;
      expect([cose.get(1), cose.get(3), cose.get(-1)]).to.deep.equal([2, -7, 1]);
      const x = cose.get(-2) as Buffer;
      const y = cose.get(-3) as Buffer;
      expect([x.length, y.length]).to.deep.equal([32, 32]);
      // Node refuses a JWK whose point is not on the curve.
      expect(() =>
        createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: x.toString('base64url'), y: y.toString('base64url') }, format: 'jwk' }),
      ).not.to.throw();
    });

    it('uses a new credential id each time', () => {
      expect(register({ challenge: 'x', rpId: 'localhost' }, 'http://localhost').id).not.to.equal(credential.id);
    });
  });
});
