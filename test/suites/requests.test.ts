import { expect } from 'chai';
import { CookieJar } from '../../suites/cookies.js';
import { credentials, flowQuery, initUrl, withAccept, withBody } from '../../suites/requests.js';
import type { Session } from '../../suites/sessions.js';

const jar = new CookieJar();
jar.set('ory_kratos_session', 'cookie-value');
const session: Session = {
  identity: { id: 'i', traits: { email: 'a@b.c' }, identifier: 'a@b.c', password: 'p' },
  token: 'token-value',
  jar,
  authenticatedAt: 0,
};

describe('request building', () => {
  it("presents each session situation: nothing, a garbage token or cookie, the session's cookie or token", () => {
    expect(credentials({ situation: 'none', session, transport: 'token', garbage: 'g' })).to.deep.equal({});
    expect(credentials({ situation: 'garbage-token', session, transport: 'token', garbage: 'g' })).to.deep.equal({
      headers: { 'x-session-token': 'g' },
    });
    expect(credentials({ situation: 'garbage-cookie', session, transport: 'token', garbage: 'g' }).jar?.header()).to.equal(
      'ory_kratos_session=g',
    );
    expect(credentials({ situation: 'valid', session, transport: 'token', garbage: 'g' })).to.deep.equal({
      headers: { 'x-session-token': 'token-value' },
    });
    const byCookie = credentials({ situation: 'revoked', session, transport: 'cookie', garbage: 'g' });
    expect(byCookie.jar?.header()).to.equal('ory_kratos_session=cookie-value');
    expect(byCookie.jar).not.to.equal(jar);
  });

  it('adds the Accept header only when the client sends one', () => {
    expect(withAccept({ label: 'none' }, { headers: { 'x-session-token': 't' } })).to.deep.equal({ headers: { 'x-session-token': 't' } });
    expect(withAccept({ label: 'json', accept: 'application/json' }, {}).headers).to.deep.equal({ accept: 'application/json' });
  });

  it('encodes bodies as JSON, JSON with a charset, or a dotted form (Kratos reads traits.email from forms)', () => {
    const body = { method: 'profile', traits: { email: 'a@b.c', name: { first: 'A' } }, lookup_secret_regenerate: true };
    expect(withBody({}, body, 'json')).to.deep.equal({ json: body });
    expect(withBody({ headers: { accept: 'text/html' } }, body, 'json-charset')).to.deep.equal({
      json: body,
      headers: { accept: 'text/html', 'content-type': 'application/json; charset=utf-8' },
    });
    expect(withBody({}, body, 'form')).to.deep.equal({
      form: { method: 'profile', 'traits.email': 'a@b.c', 'traits.name.first': 'A', lookup_secret_regenerate: 'true' },
    });
  });

  it('builds init URLs with an encoded return_to and flow queries that can be missing', () => {
    expect(initUrl('browser', 'https://x.example/a?b=c')).to.equal(
      '/self-service/settings/browser?return_to=https%3A%2F%2Fx.example%2Fa%3Fb%3Dc',
    );
    expect(initUrl('api', undefined)).to.equal('/self-service/settings/api');
    expect(flowQuery('missing', 'abc', 'flow')).to.equal('');
    expect(flowQuery('malformed', 'not a uuid', 'id')).to.equal('?id=not%20a%20uuid');
  });
});
