import { fetchClient } from './clients.js';
import { describeSdkInterop } from './scenarios.js';

describe('@ory/kratos-client-fetch against the mock over HTTP', () => {
  describeSdkInterop(fetchClient);
});
