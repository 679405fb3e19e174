/**
 * The TOTP strategy (docs/kratos-behavior.md#totp): set up an authenticator app with a real RFC 6238 secret, or unlink
 * it.
 */
import QRCode from 'qrcode';
import { errors } from '../errors.js';
import { isTruthy } from '../http/body.js';
import { credentialFlagPaths } from '../identity-schema.js';
import { getPath } from '../../spec/json.js';
import { newTotpSecret, otpauthUri, verifyTotp } from '../crypto/totp.js';
import type { Identity, SettingsFlow } from '../store.js';
import { SAVE_LABEL, error, imageNode, info, inputNode, submitNode, textNode } from '../ui.js';
import type { SettingsStrategy, StrategyDeps } from './strategy.js';

const SECRET_KEY = 'totp_secret';

export function hasTotp(identity: Identity): boolean {
  return typeof identity.credentials['totp']?.config['secret'] === 'string';
}

/** The account name shown in the app: the trait marked `totp.account_name`, else the identity id. */
export function accountName(schema: Record<string, unknown>, identity: Identity): string {
  for (const path of credentialFlagPaths(schema, 'totp', 'account_name')) {
    const value = getPath(identity.traits, path);
    if (typeof value === 'string' && value) return value;
  }
  return identity.id;
}

/** QR images of recent otpauth URIs: a flow shows the same one at every render, and encoding the PNG is most of a render's cost. */
const qrImages = new Map<string, Promise<string>>();
const KEPT_QR_IMAGES = 64;

/** A 256-pixel QR code of the URI as a PNG data URL; the "up" filter suits a QR code's repeated rows and is fast. */
function qrImage(uri: string): Promise<string> {
  let image = qrImages.get(uri);
  if (image === undefined) {
    image = QRCode.toDataURL(uri, { width: 256, rendererOpts: { filterType: 2 } } as QRCode.QRCodeToDataURLOptions);
    image.catch(() => qrImages.delete(uri));
    qrImages.set(uri, image);
    if (qrImages.size > KEPT_QR_IMAGES) qrImages.delete(qrImages.keys().next().value!);
  }
  return image;
}

/** The pending secret of this flow, created on first use so the QR code and the check agree. */
function pendingSecret(flow: SettingsFlow): string {
  const existing = flow.internalContext[SECRET_KEY];
  if (typeof existing === 'string') return existing;
  const secret = newTotpSecret();
  flow.internalContext[SECRET_KEY] = secret;
  return secret;
}

export function createStrategy(deps: StrategyDeps): SettingsStrategy {
  const { config } = deps;
  return {
    method: 'totp',
    group: 'totp',
    async populate({ identity, flow }) {
      if (hasTotp(identity)) {
        return [
          inputNode('totp', 'totp_unlink', 'submit', {
            value: 'true',
            required: true,
            label: info(1050004, 'Unlink TOTP Authenticator App'),
          }),
        ];
      }
      const secret = pendingSecret(flow);
      const uri = otpauthUri({ secret, issuer: config.totpIssuer, accountName: accountName(config.identitySchema, identity) });
      return [
        imageNode('totp', 'totp_qr', await qrImage(uri), info(1050005, 'Authenticator app QR code')),
        textNode(
          'totp',
          'totp_secret_key',
          info(1050006, secret, { secret }),
          info(1050017, 'This is your authenticator app secret. Use it if you can not scan the QR code.'),
        ),
        inputNode('totp', 'totp_code', 'text', { required: true, label: info(1070006, 'Verify code') }),
        submitNode('totp', 'method', 'totp', SAVE_LABEL),
      ];
    },
    isResponsible: (submission) => isTruthy(submission.body['totp_unlink']) || submission.body['method'] === 'totp',
    isSecondFactor: hasTotp,
    async submit(ctx) {
      const body = ctx.submission.body;
      ctx.ensureCsrf();
      if (!ctx.isPrivileged()) return { kind: 'reauth' };
      if (hasTotp(ctx.identity)) {
        if (!isTruthy(body['totp_unlink'])) return { kind: 'success', identity: ctx.identity };
        const credentials = { ...ctx.identity.credentials };
        delete credentials['totp'];
        return { kind: 'success', identity: { ...ctx.identity, credentials } };
      }
      const code = body['totp_code'];
      if (code === undefined || code === '' || code === null) {
        return {
          kind: 'invalid',
          messages: [{ node: 'totp_code', message: error(4000002, 'Property totp_code is missing.', { property: 'totp_code' }) }],
        };
      }
      const secret = ctx.flow.internalContext[SECRET_KEY];
      if (typeof secret !== 'string') throw errors.badRequest('Could not find the TOTP key in the flow. Please restart the flow.');
      if (!verifyTotp(secret, typeof code === 'number' ? String(code) : code, ctx.now())) {
        return {
          kind: 'invalid',
          messages: [{ node: 'totp_code', message: error(4000008, 'The provided authentication code is invalid, please try again.') }],
        };
      }
      delete ctx.flow.internalContext[SECRET_KEY];
      const credential = ctx.store.newCredential('totp', [ctx.identity.id], {
        secret,
        totp_url: otpauthUri({ secret, issuer: config.totpIssuer, accountName: accountName(config.identitySchema, ctx.identity) }),
      });
      return {
        kind: 'success',
        identity: { ...ctx.identity, credentials: { ...ctx.identity.credentials, totp: credential } },
        authenticationMethod: { method: 'totp', aal: 'aal2' },
      };
    },
  };
}
