/** The settings success pipeline (docs/kratos-behavior.md#success-pipeline) for an identity a strategy produced. */
import type { ResponseObject } from '@hapi/hapi';
import { sessionCookie, type MockContext } from '../context.js';
import { showVerificationUi, verifyNewAddress } from '../flows/verification.js';
import { flowResponse } from '../http/responses.js';
import { secureReturnTo } from '../http/urls.js';
import { identifiersFromTraits, protectedValues } from '../identity-schema.js';
import type { Aal, Identity, SettingsFlow } from '../store.js';
import { error as errorText, type UiText } from '../ui.js';
import { errorResponse, reauthResponse, validationResponse, type Submit } from './dispatch.js';
import { newSettingsFlow, returnToOf, settingsFlowJson, settingsUiUrl } from './flow.js';
import { isPrivileged, redirect } from './guards.js';

export type AuthenticationMethod = { method: string; aal: Aal };

function successMessage(): UiText {
  return { id: 1050001, text: 'Your changes have been saved!', type: 'success' };
}

/**
 * The success redirect target (docs/kratos-behavior.md#success-redirect): the allowed return_to, the configured
 * default, or the settings UI.
 */
function successReturnTo(ctx: MockContext, flow: SettingsFlow): string {
  const requested = returnToOf(flow.requestUrl);
  if (requested) {
    return secureReturnTo(ctx.config, requested);
  }
  return ctx.config.settingsAfterReturnUrl ?? settingsUiUrl(ctx, flow.id);
}

/** Password credential identifiers follow the traits marked as password identifiers. */
function withPasswordIdentifiers(ctx: MockContext, identity: Identity): Identity {
  const password = identity.credentials['password'];
  if (!password) return identity;
  const identifiers = identifiersFromTraits(ctx.config.identitySchema, identity.traits, 'password');
  return { ...identity, credentials: { ...identity.credentials, password: { ...password, identifiers } } };
}

/** docs/kratos-behavior.md#protected-fields: a change to a protected trait needs a privileged session. */
function changesProtectedTraits(ctx: MockContext, before: Identity, after: Identity): boolean {
  const schema = ctx.config.identitySchema;
  return JSON.stringify(protectedValues(schema, before.traits)) !== JSON.stringify(protectedValues(schema, after.traits));
}

/** Another identity already holds one of the password identifiers. */
function identifierTaken(ctx: MockContext, identity: Identity): boolean {
  return (identity.credentials['password']?.identifiers ?? []).some((identifier) => {
    const owner = ctx.store.findByIdentifier('password', identifier);
    return owner !== undefined && owner.id !== identity.id;
  });
}

export async function success(submit: Submit, identity: Identity, authenticationMethod?: AuthenticationMethod): Promise<ResponseObject> {
  const { ctx, request, h, flow } = submit;
  let returnTo: string;
  try {
    returnTo = successReturnTo(ctx, flow);
  } catch (error) {
    return errorResponse(submit, error);
  }
  if (changesProtectedTraits(ctx, submit.identity, identity) && !isPrivileged(ctx, submit.session)) {
    return reauthResponse(submit, undefined);
  }
  const updated = withPasswordIdentifiers(ctx, identity);
  if (identifierTaken(ctx, updated)) {
    return validationResponse(submit, [
      {
        message: errorText(4000007, 'An account with the same identifier (email, phone, username, ...) exists already.'),
      },
    ]);
  }
  const saved = ctx.store.saveIdentity(updated);
  if (authenticationMethod) {
    ctx.store.addAuthenticationMethod(submit.session.id, { ...authenticationMethod, completedAt: ctx.now() });
  }
  const fresh = await newSettingsFlow(ctx, request, { type: flow.type, identity: saved, requestUrl: flow.requestUrl });
  ctx.store.saveSettingsFlow(fresh);
  flow.state = 'success';
  flow.ui = { nodes: structuredClone(fresh.ui.nodes), messages: [successMessage()] };
  flow.actionFlowId = fresh.id;
  flow.internalContext = structuredClone(fresh.internalContext);
  const verification = verifyNewAddress(ctx, request, flow.type, submit.identity, saved);
  flow.continueWith = [
    ...(verification ? [showVerificationUi(ctx, verification)] : []),
    ...(flow.type === 'browser' && submit.json ? [{ action: 'redirect_browser_to', redirect_browser_to: returnTo }] : []),
  ];
  const body = settingsFlowJson(ctx, flow, saved);
  // continue_with belongs to this response only; Kratos does not persist it.
  delete flow.continueWith;
  ctx.store.saveSettingsFlow(flow);
  const session = ctx.store.getSession(submit.session.id) ?? submit.session;
  if (flow.type === 'api') return flowResponse(h, body);
  const response = submit.json ? flowResponse(h, body) : redirect(h, returnTo);
  return response.header('Set-Cookie', sessionCookie(ctx, session), { append: true });
}
