import { onSettingsResponse, rewriteBody, type Fault } from './fault.js';

/** One flow factory for both endpoints, with the type hard-coded. */
export const nativeFlowTypedBrowser: Fault = {
  name: 'native-flow-typed-browser',
  description: 'Flows created by the native (API) endpoint say type "browser".',
  breaks: ['SF-FLOW-SHAPE'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['createNativeSettingsFlow'], (response) => {
      if (response.statusCode === 200)
        rewriteBody(response, (body) => {
          body['type'] = 'browser';
        });
    }),
};
