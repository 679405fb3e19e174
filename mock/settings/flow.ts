/**
 * Settings flows: creation, node population and sorting (docs/kratos-behavior.md#nodes), the changes a submit makes to
 * a flow's messages and values, and the flow's JSON.
 */
import type { Request } from '@hapi/hapi';
import { createHash } from 'node:crypto';
import { csrfRealToken, type MockContext } from '../context.js';
import { maskToken, newRealToken } from '../http/csrf.js';
import { withQuery } from '../http/urls.js';
import type { FlowType, Identity, SettingsFlow } from '../store.js';
import { inputNode, nodeKey, type UiNode, type UiNodeGroup } from '../ui.js';
import { addressTraits, traitPaths } from '../identity-schema.js';
import { firstFactorCount } from './guards.js';

const GROUP_ORDER: UiNodeGroup[] = ['default', 'profile', 'password', 'oidc', 'lookup_secret', 'webauthn', 'passkey', 'totp'];
const NAME_ORDER = [
  'lookup_secret_reveal',
  'lookup_secret_regenerate',
  'lookup_secret_codes',
  'lookup_secret_confirm',
  'webauthn_remove',
  'webauthn_register_displayname',
  'webauthn_register',
  'passkey_remove',
  'passkey_register',
  'totp_qr',
  'totp_secret_key',
  'totp_unlink',
  'totp_code',
];

/** What Go's `fmt.Sprintf("%v", node.GetValue())` gives for the nodes whose value is a plain string; undefined for the rest. */
function sortValue(node: UiNode): string | undefined {
  const attributes = node.attributes;
  if (node.type === 'input') {
    const value = attributes['value'];
    return value === undefined || value === null ? '<nil>' : typeof value === 'object' ? undefined : String(value);
  }
  const source = node.type === 'a' ? attributes['href'] : node.type === 'img' || node.type === 'script' ? attributes['src'] : undefined;
  return typeof source === 'string' ? source : undefined;
}

/**
 * Kratos's settings sort: by group, then csrf, schema trait order and the fixed name order; `method` last; nodes at the
 * same position in one group by value (so OIDC link and unlink buttons come by provider id):
 * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/ui/node/node.go#L314-L337
 */
export function sortNodes(nodes: UiNode[], schema: Record<string, unknown>): UiNode[] {
  const keysInOrder = ['csrf_token', ...traitPaths(schema).map((path) => `traits.${path}`), ...NAME_ORDER];
  const position = (node: UiNode): number => {
    const key = nodeKey(node);
    if (key === 'method') return keysInOrder.length + nodes.length + 1;
    const index = keysInOrder.findIndex((prefix) => key.startsWith(prefix));
    return index === -1 ? keysInOrder.length : index;
  };
  const groupRank = (group: UiNodeGroup): number => {
    const index = GROUP_ORDER.indexOf(group);
    return index === -1 ? GROUP_ORDER.length : index;
  };
  return [...nodes].sort((a, b) => {
    if (a.group !== b.group) {
      const byGroup = groupRank(a.group) - groupRank(b.group);
      if (byGroup !== 0) return byGroup;
    }
    const byPosition = position(a) - position(b);
    if (byPosition !== 0 || a.group !== b.group) return byPosition;
    const [valueA, valueB] = [sortValue(a), sortValue(b)];
    if (valueA === undefined || valueB === undefined || valueA === valueB) return 0;
    return valueA < valueB ? -1 : 1;
  });
}

/**
 * The `csrf_token` node value: a fresh masked token for every flow type. An API request without a CSRF cookie gets one
 * too, without a cookie (API flows never check it), as Kratos's own test expects:
 * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/profile/strategy_test.go#L220
 */
export function csrfValue(ctx: MockContext, request: Request, type: FlowType): string {
  return maskToken(csrfRealToken(ctx, request, type === 'browser') ?? newRealToken());
}

export function csrfNode(value: string): UiNode {
  return inputNode('default', 'csrf_token', 'hidden', { value, required: true });
}

/** The UI nodes of a settings flow for this identity: csrf first, then every enabled strategy's nodes, sorted. */
export async function buildNodes(ctx: MockContext, flow: SettingsFlow, identity: Identity, csrf: string): Promise<UiNode[]> {
  const nodes: UiNode[] = [csrfNode(csrf)];
  for (const strategy of ctx.strategies) {
    if (!ctx.config.enabled[strategy.method]) continue;
    nodes.push(
      ...(await strategy.populate({
        config: ctx.config,
        identity,
        flow,
        now: ctx.now,
        firstFactorCount: (counted) => firstFactorCount(ctx, counted),
      })),
    );
  }
  return sortNodes(nodes, ctx.config.identitySchema);
}

export async function newSettingsFlow(
  ctx: MockContext,
  request: Request,
  input: { type: FlowType; identity: Identity; requestUrl: string },
): Promise<SettingsFlow> {
  const now = ctx.now();
  const id = ctx.newId();
  const flow: SettingsFlow = {
    id,
    type: input.type,
    issuedAt: now,
    expiresAt: now + ctx.config.flowLifespanMs,
    requestUrl: input.requestUrl,
    identityId: input.identity.id,
    state: 'show_form',
    ui: { nodes: [], messages: [] },
    actionFlowId: id,
    internalContext: {},
  };
  flow.ui.nodes = await buildNodes(ctx, flow, input.identity, csrfValue(ctx, request, input.type));
  return flow;
}

/** The settings UI showing a flow. */
export function settingsUiUrl(ctx: MockContext, flowId: string): string {
  return withQuery(ctx.config.ui.settings, { flow: flowId });
}

/** Sets the values of the input nodes named in `values`; an undefined value removes the node's. */
export function setNodeValues(flow: SettingsFlow, values: Record<string, unknown>): void {
  for (const node of flow.ui.nodes) {
    const key = nodeKey(node);
    if (node.type === 'input' && key in values) {
      if (values[key] === undefined) delete node.attributes['value'];
      else node.attributes['value'] = values[key];
    }
  }
}

/** A new masked CSRF token in the flow's `csrf_token` node (docs/kratos-behavior.md#csrf-token-node). */
export function refreshCsrf(ctx: MockContext, request: Request, flow: SettingsFlow): void {
  const csrf = flow.ui.nodes.find((node) => nodeKey(node) === 'csrf_token');
  if (csrf) csrf.attributes['value'] = csrfValue(ctx, request, flow.type);
}

/** RFC 3339 in UTC as Go writes it: fractional seconds without trailing zeros, none at all for whole seconds. */
export function rfc3339(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return fraction === '' ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 20)}${fraction}Z`;
}

export function identityJson(ctx: MockContext, identity: Identity): Record<string, unknown> {
  return {
    id: identity.id,
    schema_id: identity.schemaId,
    schema_url: `${ctx.config.publicBaseUrl}/schemas/${Buffer.from(identity.schemaId).toString('base64url')}`,
    state: identity.state,
    traits: identity.traits,
    ...addressesJson(ctx, identity),
    metadata_public: identity.metadataPublic,
    created_at: rfc3339(identity.createdAt),
    updated_at: rfc3339(identity.updatedAt),
    organization_id: null,
  };
}

/** A stable id for an address: derived from the identity, the kind and the value, so it survives trait rewrites. */
function addressId(identityId: string, kind: string, value: string): string {
  const hex = createHash('sha256').update(`${identityId}\0${kind}\0${value}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Addresses by identity, reused while the identity's traits and update time stay the same (every flow fetch reads them). */
const addressCache = new WeakMap<Identity, { traits: unknown; updatedAt: number; addresses: Record<string, unknown> }>();

function addressesJson(ctx: MockContext, identity: Identity): Record<string, unknown> {
  const cached = addressCache.get(identity);
  if (cached && cached.traits === identity.traits && cached.updatedAt === identity.updatedAt) return cached.addresses;
  const addresses = computeAddresses(ctx, identity);
  addressCache.set(identity, { traits: identity.traits, updatedAt: identity.updatedAt, addresses });
  return addresses;
}

/**
 * verifiable_addresses and recovery_addresses, recomputed from the traits the schema marks
 * (docs/kratos-behavior.md#profile-success).
 */
function computeAddresses(ctx: MockContext, identity: Identity): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const created = rfc3339(identity.createdAt);
  const updated = rfc3339(identity.updatedAt);
  const verifiable = addressTraits(ctx.config.identitySchema, identity.traits, 'verification');
  if (verifiable.length > 0) {
    out['verifiable_addresses'] = verifiable.map(({ value, via }) => {
      const verifiedAt = identity.verifiedAddresses?.[value];
      return {
        id: addressId(identity.id, 'verification', value),
        value,
        verified: verifiedAt !== undefined,
        via,
        status: verifiedAt !== undefined ? 'completed' : 'pending',
        ...(verifiedAt !== undefined ? { verified_at: rfc3339(verifiedAt) } : {}),
        created_at: created,
        updated_at: updated,
      };
    });
  }
  const recovery = addressTraits(ctx.config.identitySchema, identity.traits, 'recovery');
  if (recovery.length > 0) {
    out['recovery_addresses'] = recovery.map(({ value, via }) => ({
      id: addressId(identity.id, 'recovery', value),
      value,
      via,
      created_at: created,
      updated_at: updated,
    }));
  }
  return out;
}

/**
 * The `return_to` of the flow's request URL, if any (flow.return_to is recomputed from request_url,
 * docs/kratos-behavior.md#return-to).
 */
export function returnToOf(requestUrl: string): string | undefined {
  try {
    return new URL(requestUrl).searchParams.get('return_to') || undefined;
  } catch {
    return undefined;
  }
}

export function settingsFlowJson(ctx: MockContext, flow: SettingsFlow, identity: Identity): Record<string, unknown> {
  const returnTo = returnToOf(flow.requestUrl);
  const ui: Record<string, unknown> = {
    action: `${ctx.config.publicBaseUrl}/self-service/settings?flow=${flow.actionFlowId}`,
    method: 'POST',
    nodes: flow.ui.nodes,
  };
  if (flow.ui.messages.length > 0) ui['messages'] = flow.ui.messages;
  return {
    id: flow.id,
    type: flow.type,
    expires_at: rfc3339(flow.expiresAt),
    issued_at: rfc3339(flow.issuedAt),
    request_url: flow.requestUrl,
    ...(returnTo ? { return_to: returnTo } : {}),
    ui,
    identity: identityJson(ctx, identity),
    state: flow.state,
    organization_id: null,
    ...(flow.continueWith && flow.continueWith.length > 0 ? { continue_with: flow.continueWith } : {}),
  };
}
