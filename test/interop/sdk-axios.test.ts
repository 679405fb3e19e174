import { axiosClient } from './clients.js';
import { describeSdkInterop } from './scenarios.js';

describe('@ory/kratos-client (axios) against the mock over HTTP', () => {
  describeSdkInterop(axiosClient);
});
