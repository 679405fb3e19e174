import { lostWrite } from './change-not-persisted.js';

export const traitsNotPersisted = lostWrite(
  'traits-not-persisted',
  'A profile change answers success with the new traits, but the identity keeps its old traits.',
  ['SF-EFFECT-TRAITS'],
  (current, before) => ({ ...current, traits: before.traits }),
);
