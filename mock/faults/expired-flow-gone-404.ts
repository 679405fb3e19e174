import { answerWith, onSettingsResponse, type Fault } from './fault.js';

/** Expired flows are purged at once, so fetching one looks like an unknown id. */
export const expiredFlowGone404: Fault = {
  name: 'expired-flow-gone-404',
  description: 'Fetching an expired flow answers 404 instead of 410.',
  breaks: ['SF-GET-410-EXPIRED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['getSettingsFlow'], (response) => {
      if (response.statusCode === 410) answerWith(response, 404);
    }),
};
