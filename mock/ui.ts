/**
 * UI containers, nodes and messages in Kratos's JSON shape (docs/kratos-behavior.md#node-shape,
 * docs/kratos-behavior.md#messages).
 */

export type MessageType = 'info' | 'error' | 'success';

export interface UiText {
  id: number;
  text: string;
  type: MessageType;
  context?: Record<string, unknown>;
}

export type UiNodeGroup =
  | 'default'
  | 'password'
  | 'oidc'
  | 'profile'
  | 'link'
  | 'code'
  | 'totp'
  | 'lookup_secret'
  | 'webauthn'
  | 'passkey'
  | 'identifier_first'
  | 'captcha'
  | 'saml'
  | 'deviceauthn';

export interface UiNode {
  type: 'input' | 'img' | 'text' | 'a' | 'script' | 'div';
  group: UiNodeGroup;
  attributes: Record<string, unknown> & { node_type: string };
  messages: UiText[];
  meta: { label?: UiText };
}

export interface UiContainer {
  action: string;
  method: 'POST' | 'GET';
  nodes: UiNode[];
  messages?: UiText[];
}

export function info(id: number, text: string, context?: Record<string, unknown>): UiText {
  return context === undefined ? { id, text, type: 'info' } : { id, text, type: 'info', context };
}

export function error(id: number, text: string, context?: Record<string, unknown>): UiText {
  return context === undefined ? { id, text, type: 'error' } : { id, text, type: 'error', context };
}

/**
 * 4000001, the generic validation error: its text is the reason, repeated as `context.reason`
 * (docs/kratos-behavior.md#message-4000001-context).
 */
export function genericError(reason: string): UiText {
  return error(4000001, reason, { reason });
}

export interface InputOptions {
  value?: unknown;
  required?: boolean;
  autocomplete?: string;
  pattern?: string;
  disabled?: boolean;
  maxlength?: number;
  options?: unknown[];
  label?: UiText;
}

/** An input node; key order follows Kratos's InputAttributes (name, type, value, required, autocomplete, …). */
export function inputNode(group: UiNodeGroup, name: string, type: string, options: InputOptions = {}): UiNode {
  const attributes: Record<string, unknown> = { name, type };
  if (options.value !== undefined) attributes['value'] = options.value;
  if (options.required) attributes['required'] = true;
  if (options.autocomplete !== undefined) attributes['autocomplete'] = options.autocomplete;
  if (options.pattern !== undefined) attributes['pattern'] = options.pattern;
  attributes['disabled'] = options.disabled ?? false;
  if (options.maxlength !== undefined) attributes['maxlength'] = options.maxlength;
  if (options.options !== undefined) attributes['options'] = options.options;
  return {
    type: 'input',
    group,
    attributes: { ...attributes, node_type: 'input' },
    messages: [],
    meta: options.label ? { label: options.label } : {},
  };
}

export function submitNode(group: UiNodeGroup, name: string, value: string, label: UiText): UiNode {
  return inputNode(group, name, 'submit', { value, label });
}

export function textNode(group: UiNodeGroup, id: string, text: UiText, label?: UiText): UiNode {
  return { type: 'text', group, attributes: { text, id, node_type: 'text' }, messages: [], meta: label ? { label } : {} };
}

export function imageNode(group: UiNodeGroup, id: string, src: string, label: UiText): UiNode {
  return {
    type: 'img',
    group,
    attributes: { id, src, width: 256, height: 256, node_type: 'img' },
    messages: [],
    meta: { label },
  };
}

/** The `name` of an input node or the `id` of any other node: what messages are attached by. */
export function nodeKey(node: UiNode): string {
  const key = node.attributes['name'] ?? node.attributes['id'];
  return typeof key === 'string' ? key : '';
}

/** A message for one node, by its name (inputs) or id (other nodes); without a node, a flow-level message. */
export interface NodeMessage {
  node?: string;
  message: UiText;
}

/** A flow's UI as the mock stores it. */
export interface UiMessages {
  nodes: UiNode[];
  messages: UiText[];
}

/** Clears the flow's messages and every node's, before an answer sets its own. */
export function resetMessages(ui: UiMessages): void {
  ui.messages = [];
  for (const node of ui.nodes) node.messages = [];
}

/**
 * Puts each message on the node it names, or on the flow when it names none. A message for a node the flow lacks goes
 * on the flow too, unless `addMissingNodes`: then a text input is added for it (the settings flow,
 * docs/kratos-behavior.md#dispatch-validation).
 */
export function attachMessages(ui: UiMessages, messages: readonly NodeMessage[], options: { addMissingNodes?: boolean } = {}): void {
  for (const { node: key, message } of messages) {
    let node = key === undefined ? undefined : ui.nodes.find((candidate) => nodeKey(candidate) === key);
    if (!node && key !== undefined && options.addMissingNodes) {
      node = inputNode('default', key, 'text');
      ui.nodes.push(node);
    }
    if (node) node.messages.push(message);
    else ui.messages.push(message);
  }
}

export const SAVE_LABEL = info(1070003, 'Save');
