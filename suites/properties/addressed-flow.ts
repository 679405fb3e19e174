/** The flow a fetch or a submit addresses in each flow-id situation: a fresh own or foreign one, or an id that is not. */
import type { CaseContext } from '../harness.js';
import type { FlowIdSituation, FlowType } from '../oracle.js';
import type { Observation } from '../recorder.js';
import { csrfTokenOf, flowIdOf } from '../sessions.js';
import { createOwnFlow } from './plans.js';

/** Every situation a flow id can be in against this target (expired ones only when there are expired flows). */
export function flowIdSituations(context: CaseContext): FlowIdSituation[] {
  const situations: FlowIdSituation[] = ['own', 'other-identity', 'unknown', 'malformed', 'missing'];
  if (context.target.expiredFlows) situations.push('expired');
  return situations;
}

export interface FlowAddress {
  situation: FlowIdSituation;
  flowType: FlowType;
  /** The id sent for an unknown flow. */
  unknownId: string;
  /** The id sent for a malformed one. */
  malformedId: string;
}

export interface AddressedFlow {
  id: string | undefined;
  csrfToken: string | undefined;
  /** The flow as its creation answered it, when one was created. */
  created?: unknown;
  /** The checked creation of a fresh flow, when one was created. */
  observations: Observation[];
}

/** Finds or creates the flow a situation addresses (own and other identities' flows are fresh). */
export async function addressedFlow(context: CaseContext, address: FlowAddress): Promise<AddressedFlow> {
  const { target } = context;
  switch (address.situation) {
    case 'own':
    case 'other-identity': {
      const owner = address.situation === 'own' ? target.primary : target.other;
      const { answer, observation } = await createOwnFlow(context, owner, address.flowType, owner.jar?.clone());
      return { id: flowIdOf(answer.json), csrfToken: csrfTokenOf(answer.json), created: answer.json, observations: [observation] };
    }
    case 'unknown':
      return { id: address.unknownId, csrfToken: undefined, observations: [] };
    case 'malformed':
      return { id: address.malformedId, csrfToken: undefined, observations: [] };
    case 'missing':
      return { id: undefined, csrfToken: undefined, observations: [] };
    case 'expired':
      return { id: target.expiredFlows?.[address.flowType], csrfToken: undefined, observations: [] };
  }
}
