import { lostWrite } from './change-not-persisted.js';

export const passwordNotPersisted = lostWrite(
  'password-not-persisted',
  'A password change answers success but the new hash is never stored: the old password keeps working.',
  ['SF-EFFECT-PASSWORD'],
  (current, before) => {
    const stored = current.credentials['password'];
    const previous = before.credentials['password'];
    if (!stored) return current;
    const credentials = { ...current.credentials, password: { ...stored, config: previous ? previous.config : {} } };
    return { ...current, credentials };
  },
);
