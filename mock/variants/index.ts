/** Every named variant, by name. Off unless switched on with `mock --variant NAME` or `init({ variants })`. */
import type { Variant } from './variant.js';
import { chunkedBodies } from './chunked-bodies.js';
import { extraHeaders } from './extra-headers.js';
import { extraNodes } from './extra-nodes.js';
import { jsonWithoutCharset, jsonWithCharset } from './json-content-type.js';
import {
  sessionInactiveOnFlows,
  unauthenticatedBrowser401,
  expiredFetchWithErrorId,
  returnToForbiddenAsIdentityMismatch,
} from './kratos-quirk-alternatives.js';
import { noOrganizationId, oidcLinkCsrfChecked } from './released-kratos.js';
import { reorderedKeys } from './reordered-keys.js';
import { slowAnswers } from './slow-answers.js';
import { unknownExtraFields } from './unknown-extra-fields.js';

export type { Variant } from './variant.js';

/** In the order they are applied: chunked-bodies last, as it turns the final JSON into a stream. */
const ALL_VARIANTS: readonly Variant[] = [
  extraHeaders,
  extraNodes,
  jsonWithoutCharset,
  jsonWithCharset,
  sessionInactiveOnFlows,
  unauthenticatedBrowser401,
  expiredFetchWithErrorId,
  returnToForbiddenAsIdentityMismatch,
  noOrganizationId,
  oidcLinkCsrfChecked,
  reorderedKeys,
  slowAnswers,
  unknownExtraFields,
  chunkedBodies,
];

export const VARIANTS: ReadonlyMap<string, Variant> = new Map(ALL_VARIANTS.map((variant) => [variant.name, variant]));
