/**
 * The properties: each states one rule of the settings API and is checked over generated situations.
 * Examples pin the situations that reach each documented cell, so a default run reaches all of them.
 */
import type { PropertyDefinition } from './define.js';
import { fetching } from './fetching.js';
import { initialisation } from './initialisation.js';
import { oneTimeCode } from './one-time-code.js';
import { reauthentication } from './reauthentication.js';
import { resumption } from './resumption.js';
import { secondFactor } from './second-factor.js';
import { submitFlowIds } from './submit-flow-ids.js';
import { submitting } from './submitting.js';
import { unauthenticated } from './unauthenticated.js';

export type { PropertyDefinition } from './define.js';

export const PROPERTIES: readonly PropertyDefinition[] = [
  unauthenticated,
  initialisation,
  fetching,
  secondFactor,
  submitFlowIds,
  submitting,
  reauthentication,
  resumption,
  oneTimeCode,
];
