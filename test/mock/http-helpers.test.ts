import { expect } from 'chai';
import { decodeBody } from '../../mock/http/body.js';
import { createHash } from 'node:crypto';
import { DEFAULT_HASH_COST, hashPassword, verifyPassword } from '../../mock/crypto/password-hash.js';
import { base32Decode, base32Encode, hotp, otpauthUri, verifyTotp } from '../../mock/crypto/totp.js';
import { parseCookies } from '../../mock/http/cookies.js';
import { csrfCookieName, maskToken, newRealToken, verifyMaskedToken } from '../../mock/http/csrf.js';
import { acceptsJson, isJsonRequest } from '../../mock/http/negotiation.js';
import { checkReturnTo, queryEscape } from '../../mock/http/urls.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('mock: JSON detection (docs/kratos-behavior.md#json-client, #json-accept)', () => {
  const cases: [string, Record<string, string>, boolean, boolean][] = [
    ['no Accept', {}, false, false],
    ['*/*', { accept: '*/*' }, false, false],
    ['application/json', { accept: 'application/json' }, true, true],
    ['axios', { accept: 'application/json, text/plain, */*' }, true, true],
    ['a browser navigation', { accept: BROWSER }, false, false],
    ['Content-Type application/json', { 'content-type': 'application/json' }, true, false],
    ['Content-Type with charset', { 'content-type': 'application/json; charset=utf-8' }, false, false],
    ['json with a lower q than html', { accept: 'text/html;q=0.9, application/json;q=0.5' }, false, false],
    ['json refused with q=0', { accept: 'application/json;q=0, */*' }, false, false],
  ];
  for (const [label, headers, j1, j2] of cases) {
    it(`${label}: JSON client=${j1}, JSON Accept=${j2}`, () => {
      expect(isJsonRequest(headers)).to.equal(j1);
      expect(acceptsJson(headers)).to.equal(j2);
    });
  }
});

describe('mock: CSRF tokens (docs/kratos-behavior.md#csrf)', () => {
  it('the cookie name is csrf_token_ + sha256 of the public URL', () => {
    const hash = createHash('sha256').update('http://127.0.0.1:4433/').digest('hex');
    expect(csrfCookieName('http://127.0.0.1:4433')).to.equal(`csrf_token_${hash}`);
  });

  it('masked tokens differ each time, verify against their cookie only', () => {
    const real = newRealToken();
    const first = maskToken(real);
    const second = maskToken(real);
    expect(first).not.to.equal(second);
    expect(Buffer.from(first, 'base64')).to.have.length(64);
    expect(verifyMaskedToken(real, first)).to.equal(true);
    expect(verifyMaskedToken(real, second)).to.equal(true);
    expect(verifyMaskedToken(newRealToken(), first)).to.equal(false);
    expect(verifyMaskedToken(real, 'garbage')).to.equal(false);
    expect(verifyMaskedToken(real, undefined)).to.equal(false);
  });
});

describe('mock: TOTP (RFC 4226 / RFC 6238)', () => {
  it('HOTP matches the RFC 4226 appendix D values', () => {
    const secret = Buffer.from('12345678901234567890');
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    for (const [counter, code] of expected.entries()) expect(hotp(secret, counter)).to.equal(code);
  });

  it('TOTP matches RFC 6238 (SHA-1, 8 digits) at T=59 and T=1111111109', () => {
    const secret = Buffer.from('12345678901234567890');
    expect(hotp(secret, Math.floor(59 / 30), 8)).to.equal('94287082');
    expect(hotp(secret, Math.floor(1111111109 / 30), 8)).to.equal('07081804');
  });

  it('verification accepts one step either side and nothing further', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    const now = 1111111109 * 1000;
    const code = hotp(Buffer.from('12345678901234567890'), Math.floor(1111111109 / 30));
    expect(verifyTotp(secret, code, now)).to.equal(true);
    expect(verifyTotp(secret, code, now + 30_000)).to.equal(true);
    expect(verifyTotp(secret, code, now - 30_000)).to.equal(true);
    expect(verifyTotp(secret, code, now + 90_000)).to.equal(false);
    expect(verifyTotp(secret, 'abcdef', now)).to.equal(false);
  });

  it('base32 round-trips (RFC 4648 "foobar" → MZXW6YTBOI)', () => {
    expect(base32Encode(Buffer.from('foobar'))).to.equal('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).to.equal('foobar');
  });

  it('the otpauth URI carries the secret and issuer', () => {
    const uri = new URL(otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Acme', accountName: 'a@example.com' }));
    expect(uri.protocol).to.equal('otpauth:');
    expect(uri.searchParams.get('secret')).to.equal('JBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('issuer')).to.equal('Acme');
  });
});

describe('mock: password hashing', () => {
  it('stores no clear text, salts each hash, and verifies', async () => {
    const first = await hashPassword('hunter2hunter2', DEFAULT_HASH_COST);
    const second = await hashPassword('hunter2hunter2', DEFAULT_HASH_COST);
    expect(first).not.to.include('hunter2');
    expect(first).not.to.equal(second);
    expect(await verifyPassword('hunter2hunter2', first)).to.equal(true);
    expect(await verifyPassword('hunter3hunter3', first)).to.equal(false);
    expect(await verifyPassword('x', 'not-a-hash')).to.equal(false);
  });

  it('verifies a hash made with another cost, which the hash names', async () => {
    const cheap = await hashPassword('hunter2hunter2', 1024);
    expect(cheap).to.match(/^\$scrypt\$ln=1024,/);
    expect(await verifyPassword('hunter2hunter2', cheap)).to.equal(true);
    expect(await verifyPassword('hunter3hunter3', cheap)).to.equal(false);
  });
});

describe('mock: cookies and URLs', () => {
  it('garbage cookie headers never throw', () => {
    expect([...parseCookies('a=1; ; =x; b; c=%E0%A4%A; d="q"')]).to.deep.equal([
      ['a', '1'],
      ['c', '%E0%A4%A'],
      ['d', 'q'],
    ]);
  });

  it("query escaping follows Go's url.QueryEscape", () => {
    expect(queryEscape("http://h/p?a=b c!'()*")).to.equal('http%3A%2F%2Fh%2Fp%3Fa%3Db+c%21%27%28%29%2A');
  });

  it('return_to allow-list (docs/kratos-behavior.md#return-to): scheme, host with *. wildcards, path prefix; <public>/self-service always', () => {
    const input = {
      publicBaseUrl: 'http://127.0.0.1:4433',
      allowed: ['https://app.example/settings', 'https://*.example.org/'],
      defaultReturnUrl: 'https://app.example/',
    };
    expect(checkReturnTo('https://app.example/settings/done', input)).to.equal('https://app.example/settings/done');
    expect(checkReturnTo('https://a.example.org/x', input)).to.equal('https://a.example.org/x');
    expect(checkReturnTo('http://127.0.0.1:4433/self-service/settings?flow=1', input)).to.include('/self-service/settings');
    expect(checkReturnTo('/settings/x', input)).to.equal('https://app.example/settings/x');
    const reasonOf = (raw: string) => {
      try {
        checkReturnTo(raw, input);
      } catch (error) {
        return (error as { reason?: string }).reason;
      }
      return 'allowed';
    };
    expect(reasonOf('http://app.example/settings')).to.equal('Requested return_to URL "http://app.example/settings" is not allowed.');
    expect(reasonOf('https://app.example/other')).to.equal('Requested return_to URL "https://app.example/other" is not allowed.');
    expect(reasonOf('https://not-allowed')).to.equal('Requested return_to URL "https://not-allowed" is not allowed.');
  });
});

describe('mock: submit body decoding (docs/kratos-behavior.md#submit)', () => {
  it("leaves out empty form fields, as Kratos's form decoder does, so a blank optional trait is not sent", () => {
    const body = decodeBody(Buffer.from('method=profile&traits.email=a%40b.c&traits.website='), 'application/x-www-form-urlencoded');
    expect(body).to.deep.equal({ method: 'profile', traits: { email: 'a@b.c' } });
  });

  it('leaves out empty multipart fields too', () => {
    const raw = Buffer.from(
      '--b\r\nContent-Disposition: form-data; name="password"\r\n\r\n\r\n--b\r\nContent-Disposition: form-data; name="method"\r\n\r\npassword\r\n--b--\r\n',
    );
    expect(decodeBody(raw, 'multipart/form-data; boundary=b')).to.deep.equal({ method: 'password' });
  });

  it('keeps an empty JSON string: JSON clients send exactly what they mean', () => {
    expect(decodeBody(Buffer.from('{"method":"password","password":""}'), 'application/json')).to.deep.equal({
      method: 'password',
      password: '',
    });
  });

  it('expands dotted JSON keys into objects', () => {
    expect(decodeBody(Buffer.from('{"traits.email":"a@b.c"}'), 'application/json')).to.deep.equal({ traits: { email: 'a@b.c' } });
  });
});
