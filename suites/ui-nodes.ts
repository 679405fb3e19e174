/** Reading a flow's UI: its nodes and the messages on the UI and on its nodes. */
import { asRecord } from './checks/types.js';

export interface UiNode {
  type?: string;
  group?: string;
  attributes: Record<string, unknown>;
  /** The node's messages that are objects. */
  messages: Array<Record<string, unknown>>;
}

function recordsIn(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.map(asRecord).filter((record): record is Record<string, unknown> => record !== undefined) : [];
}

/** The flow's `ui.nodes` that carry attributes; none when the body is no flow. */
export function nodesOf(flow: unknown): UiNode[] {
  return recordsIn(asRecord(asRecord(flow)?.['ui'])?.['nodes']).flatMap((record) => {
    const attributes = asRecord(record['attributes']);
    if (!attributes) return [];
    return [
      {
        ...(typeof record['type'] === 'string' ? { type: record['type'] } : {}),
        ...(typeof record['group'] === 'string' ? { group: record['group'] } : {}),
        attributes,
        messages: recordsIn(record['messages']),
      },
    ];
  });
}

/** The node named `name` (its `name` attribute), if the flow has one. */
export function nodeNamed(flow: unknown, name: string): UiNode | undefined {
  return nodesOf(flow).find((node) => node.attributes['name'] === name);
}

/** The messages of the UI as a whole (`ui.messages`). */
export function uiMessagesOf(flow: unknown): Array<Record<string, unknown>> {
  return recordsIn(asRecord(asRecord(flow)?.['ui'])?.['messages']);
}

/** Every message of the flow: the UI's and each node's. */
export function messagesOf(flow: unknown): Array<Record<string, unknown>> {
  return [...uiMessagesOf(flow), ...nodesOf(flow).flatMap((node) => node.messages)];
}

/** Whether the flow has a node list at all (an empty one counts). */
export function hasNodeList(flow: unknown): boolean {
  return Array.isArray(asRecord(asRecord(flow)?.['ui'])?.['nodes']);
}
