/** Checks that a successful submit had its effect, seen through other endpoints. */
import { jsonOf } from '../client.js';
import { FOLLOW_UP_CHECKS } from './continuations.js';
import { hasNodeList, nodeNamed, nodesOf } from '../ui-nodes.js';
import { PASS, SKIP, asRecord, describeExchange, effectCheck, errorIdOf, fail, type Check } from './types.js';
import { RESUMPTION_CHECKS } from './resumption.js';

export const changedTraitShowsInWhoami = effectCheck('traits', {
  name: 'changedTraitShowsInWhoami',
  requirements: ['SF-EFFECT-TRAITS'],
  evaluate(effect) {
    if (effect.whoami.response.status !== 200)
      return fail(`could not read the session after the change: ${describeExchange(effect.whoami)}`);
    const traits = asRecord(asRecord(asRecord(jsonOf(effect.whoami))?.['identity'])?.['traits']);
    if (!traits) return fail('/sessions/whoami has no identity.traits');
    const difference = traitDifference(traits, effect.expectedTraits);
    return difference === undefined ? PASS : fail(`after the update /sessions/whoami shows ${difference}`);
  },
});

/**
 * An object holding no value at any depth. Form fields name leaves only, and Kratos decodes JSON submits as it decodes
 * forms, so such a trait may be stored or left out: https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/profile/strategy.go#L144-L147
 */
function holdsNoValue(value: unknown): boolean {
  const record = asRecord(value);
  return record !== undefined && Object.values(record).every((inner) => inner === undefined || holdsNoValue(inner));
}

/** The first leaf where `shown` differs from the submitted traits (traits are replaced whole, so extra ones count). */
function traitDifference(shown: Record<string, unknown>, submitted: Record<string, unknown>, prefix = 'traits'): string | undefined {
  for (const name of new Set([...Object.keys(shown), ...Object.keys(submitted)])) {
    const [left, right] = [shown[name], submitted[name]];
    if ((left === undefined && holdsNoValue(right)) || (right === undefined && holdsNoValue(left))) continue;
    const [leftRecord, rightRecord] = [asRecord(left), asRecord(right)];
    if (leftRecord && rightRecord) {
      const inner = traitDifference(leftRecord, rightRecord, `${prefix}.${name}`);
      if (inner !== undefined) return inner;
    } else if (JSON.stringify(left) !== JSON.stringify(right)) {
      return right === undefined
        ? `${prefix}.${name} = ${JSON.stringify(left)}, which the submit left out (traits were merged, not replaced)`
        : `${prefix}.${name} = ${JSON.stringify(left)}, expected ${JSON.stringify(right)}`;
    }
  }
  return undefined;
}

export const successResponseShowsSubmittedTraits = effectCheck('traits', {
  name: 'successResponseShowsSubmittedTraits',
  requirements: ['SF-STORED-STATE'],
  statuses: [200],
  evaluate(effect, { body }) {
    const traits = asRecord(asRecord(asRecord(body)?.['identity'])?.['traits']);
    if (!traits) return SKIP;
    const difference = traitDifference(traits, effect.expectedTraits);
    return difference === undefined ? PASS : fail(`the successful update's flow shows the identity with ${difference}`);
  },
});

/** Kratos puts a validation message on the node the error's JSON pointer names (`traits.name.first`): https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/ui/container/container.go#L200-L218 */
export const invalidTraitIsNamedOnItsNode = effectCheck('invalid-traits', {
  name: 'invalidTraitIsNamedOnItsNode',
  requirements: ['SF-UPDATE-400-VALIDATION'],
  evaluate(effect, { body }) {
    if (!hasNodeList(body)) return SKIP;
    const node = nodeNamed(body, effect.node);
    if (node?.messages.some((message) => message['type'] === 'error')) return PASS;
    return fail(
      `the 400 flow has no error message on the ${effect.node} node, the trait the submit got wrong${node ? '' : ' (there is no such node)'}`,
    );
  },
});

export const newPasswordLogsInAndOldDoesNot = effectCheck('password', {
  name: 'newPasswordLogsInAndOldDoesNot',
  requirements: ['SF-EFFECT-PASSWORD'],
  evaluate(effect) {
    if (effect.newPasswordLogin.response.status !== 200)
      return fail(`the new password does not log in: ${describeExchange(effect.newPasswordLogin)}`);
    if (effect.oldPasswordLogin.response.status === 200)
      return fail(`the old password still logs in: ${describeExchange(effect.oldPasswordLogin)}`);
    return PASS;
  },
});

export const totpSetupOffersUnlink = effectCheck('totp', {
  name: 'totpSetupOffersUnlink',
  requirements: ['SF-EFFECT-TOTP'],
  evaluate(effect) {
    if (effect.refetchedFlow.response.status !== 200)
      return fail(`could not fetch a flow after the TOTP setup: ${describeExchange(effect.refetchedFlow)}`);
    const names = nodesOf(jsonOf(effect.refetchedFlow)).map((node) => node.attributes['name']);
    if (!names.includes('totp_unlink')) return fail('after the TOTP setup the flow offers no totp_unlink');
    if (names.includes('totp_code')) return fail('after the TOTP setup the flow still offers to set TOTP up (totp_code)');
    return PASS;
  },
});

export const registeredKeyOffersRemoval = effectCheck('security-key', {
  name: 'registeredKeyOffersRemoval',
  requirements: ['SF-EFFECT-SECURITY-KEY'],
  evaluate(effect) {
    const refetched = jsonOf(effect.refetchedFlow);
    // A security key is a second factor: an AAL1 session of its identity is then asked for AAL2
    // (docs/kratos-behavior.md#aal).
    if (effect.group === 'webauthn' && effect.refetchedFlow.response.status === 403 && errorIdOf(refetched) === 'session_aal2_required')
      return PASS;
    if (effect.refetchedFlow.response.status !== 200)
      return fail(`could not fetch a flow after registering a ${effect.group} credential: ${describeExchange(effect.refetchedFlow)}`);
    const removeName = `${effect.group}_remove`;
    const offersRemoval = nodeNamed(refetched, removeName) !== undefined;
    return offersRemoval ? PASS : fail(`after registering a ${effect.group} credential the flow offers no ${removeName}`);
  },
});

export const linkedProviderShowsAsUnlink = effectCheck('oidc-link', {
  name: 'linkedProviderShowsAsUnlink',
  requirements: ['SF-EFFECT-LINK'],
  evaluate(effect) {
    if (!effect.completed) return SKIP;
    if (effect.refetchedFlow.response.status !== 200)
      return fail(`could not fetch a flow after linking: ${describeExchange(effect.refetchedFlow)}`);
    const nodes = nodesOf(jsonOf(effect.refetchedFlow));
    const offers = (name: string) => nodes.some(({ attributes }) => attributes['name'] === name && attributes['value'] === effect.provider);
    if (offers('link')) return fail(`after linking ${effect.provider} the flow still offers to link it`);
    if (!offers('unlink')) return fail(`after linking ${effect.provider} the flow offers no unlink for it`);
    return PASS;
  },
});

/** Checks of evidence gathered after a submit: run on their own, as the submit's exchange was checked already. */
export const EFFECT_CHECKS: readonly Check[] = [
  changedTraitShowsInWhoami,
  successResponseShowsSubmittedTraits,
  invalidTraitIsNamedOnItsNode,
  newPasswordLogsInAndOldDoesNot,
  totpSetupOffersUnlink,
  registeredKeyOffersRemoval,
  linkedProviderShowsAsUnlink,
  ...FOLLOW_UP_CHECKS,
  ...RESUMPTION_CHECKS,
];
