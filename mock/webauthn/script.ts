/**
 * The browser script behind the `webauthn_script` node, served at `/.well-known/ory/webauthn.js` as Kratos does. It
 * exposes the functions the trigger nodes name (onclick / onclickTrigger): they call navigator.credentials.create with
 * the options passed in or, called without any (as @ory/elements-react does), read from the trigger node's value as
 * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/x/webauthnx/js/webauthn.js#L96-L100 does,
 * write the credential JSON into the hidden input and submit the form.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ServerRoute } from '@hapi/hapi';
import type { UiNode } from '../ui.js';

const SCRIPT_PATH = '/.well-known/ory/webauthn.js';

const WEBAUTHN_SCRIPT = `(function () {
  if (typeof window === 'undefined' || window.__oryWebAuthnInitialized) return;
  function toBytes(value) {
    var text = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(text, function (c) { return c.charCodeAt(0); });
  }
  function toBase64Url(buffer) {
    var text = String.fromCharCode.apply(null, new Uint8Array(buffer));
    return btoa(text).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function register(options, resultName, formElement) {
    if (!window.PublicKeyCredential) { alert('This browser does not support WebAuthn!'); return; }
    var publicKey = Object.assign({}, options.publicKey);
    publicKey.challenge = toBytes(publicKey.challenge);
    publicKey.user = Object.assign({}, publicKey.user, { id: toBytes(publicKey.user.id) });
    publicKey.excludeCredentials = (publicKey.excludeCredentials || []).map(function (entry) {
      return Object.assign({}, entry, { id: toBytes(entry.id) });
    });
    navigator.credentials.create({ publicKey: publicKey }).then(function (credential) {
      var result = document.querySelector('[name="' + resultName + '"]');
      result.value = JSON.stringify({
        id: credential.id,
        rawId: toBase64Url(credential.rawId),
        type: credential.type,
        response: {
          attestationObject: toBase64Url(credential.response.attestationObject),
          clientDataJSON: toBase64Url(credential.response.clientDataJSON)
        }
      });
      (formElement || result).closest('form').submit();
    }).catch(function (error) { console.error(error); });
  }
  function webAuthnRegistration(options) {
    var trigger = document.querySelector('[name="webauthn_register_trigger"]');
    register(options || JSON.parse(trigger.value), 'webauthn_register', trigger);
  }
  function passkeySettingsRegistration() {
    var data = document.querySelector('[name="passkey_create_data"]');
    if (!data) return;
    register(JSON.parse(data.value), 'passkey_settings_register');
  }
  window.oryWebAuthnRegistration = window.__oryWebAuthnRegistration = webAuthnRegistration;
  window.oryPasskeySettingsRegistration = window.__oryPasskeySettingsRegistration = passkeySettingsRegistration;
  window.__oryWebAuthnInitialized = true;
})();
`;

const INTEGRITY = `sha512-${createHash('sha512').update(WEBAUTHN_SCRIPT).digest('base64')}`;

/** The script node; attribute order as Kratos's ScriptAttributes. */
export function scriptNode(publicBaseUrl: string): UiNode {
  return {
    type: 'script',
    group: 'webauthn',
    attributes: {
      src: `${publicBaseUrl}${SCRIPT_PATH}`,
      async: true,
      referrerpolicy: 'no-referrer',
      crossorigin: 'anonymous',
      integrity: INTEGRITY,
      type: 'text/javascript',
      id: 'webauthn_script',
      nonce: randomUUID(),
      node_type: 'script',
    },
    messages: [],
    meta: {},
  };
}

export const scriptRoute: ServerRoute = {
  method: 'GET',
  path: SCRIPT_PATH,
  options: { id: 'getWebAuthnJavaScript' },
  // crossorigin="anonymous" makes browsers fetch the script in CORS mode; a settings UI on another origin needs this.
  handler: (_request, h) =>
    h.response(WEBAUTHN_SCRIPT).type('application/javascript; charset=utf-8').header('Access-Control-Allow-Origin', '*'),
};
