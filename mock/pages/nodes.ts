/**
 * Renders a flow's `ui` container as plain HTML forms: one section and form per node group
 * (docs/kratos-behavior.md#nodes).
 */
import type { UiContainer, UiNode, UiText } from '../ui.js';
import { attributes, escapeHtml } from './html.js';
import { isPlainObject } from '../../spec/json.js';

const GROUP_HEADINGS: Record<string, string> = {
  default: 'General',
  profile: 'Profile',
  password: 'Password',
  totp: 'Authenticator app',
  lookup_secret: 'Backup codes',
  webauthn: 'Security keys',
  passkey: 'Passkeys',
  oidc: 'Linked accounts',
  code: 'One-time code',
  link: 'Link',
};

/** Kratos's ScriptAttributes, in its order; other keys are not emitted (attribute names cannot be escaped). */
const SCRIPT_ATTRIBUTES = ['src', 'async', 'referrerpolicy', 'crossorigin', 'integrity', 'type', 'id', 'nonce'];

/** The UI container as the API returns it: every field may be missing or malformed, nothing here may throw. */
type UiJson = Partial<Omit<UiContainer, 'nodes'>> & { nodes?: unknown };

interface Section {
  group: string;
  nodes: UiNode[];
}

function isNode(value: unknown): value is UiNode {
  return isPlainObject(value) && typeof value['type'] === 'string' && isPlainObject(value['attributes']);
}

function textOf(text: unknown): string {
  return isPlainObject(text) && text['text'] !== undefined ? String(text['text']) : '';
}

function messagesOf(value: unknown): UiText[] {
  return Array.isArray(value) ? value.filter((message): message is UiText => isPlainObject(message)) : [];
}

function isHiddenDefault(node: UiNode): boolean {
  return node.group === 'default' && node.type === 'input' && node.attributes['type'] === 'hidden';
}

/**
 * Hidden default-group nodes (the CSRF token, a refresh's identifier) go into every form. A visible default-group node
 * (the login identifier) joins the section of the group that follows it, so it is submitted with that method.
 */
function sectionsOf(nodes: UiNode[]): Section[] {
  const sections: Section[] = [];
  let pending: UiNode[] = [];
  for (const node of nodes) {
    if (isHiddenDefault(node)) continue;
    if (node.group === 'default') {
      pending.push(node);
      continue;
    }
    let section = sections.find((candidate) => candidate.group === node.group);
    if (!section) {
      section = { group: node.group, nodes: [] };
      sections.push(section);
    }
    section.nodes.push(...pending, node);
    pending = [];
  }
  if (pending.length > 0) sections.push({ group: 'default', nodes: pending });
  return sections;
}

export function renderMessages(messages: UiText[], id?: string): string {
  if (messages.length === 0) return '';
  const items = messages.map((message) => {
    const type = message.type === 'error' || message.type === 'success' ? message.type : 'info';
    return `<p${attributes({
      class: `message message-${type}`,
      role: type === 'error' ? 'alert' : undefined,
      'data-message-id': message.id,
    })}>${escapeHtml(message.text)}</p>`;
  });
  return `<div${attributes({ id, class: 'messages' })}>${items.join('')}</div>`;
}

class NodeRenderer {
  private counter = 0;

  constructor(private readonly prefix: string) {}

  private nextId(): string {
    this.counter += 1;
    return `${this.prefix}-${this.counter}`;
  }

  render(node: UiNode): string {
    switch (node.type) {
      case 'input':
        return this.input(node);
      case 'text':
        return this.text(node);
      case 'img':
        return this.image(node);
      case 'a':
        return this.anchor(node);
      case 'script':
        return this.script(node);
      default:
        return this.division(node);
    }
  }

  private input(node: UiNode): string {
    const attrs = node.attributes;
    const type = typeof attrs['type'] === 'string' ? attrs['type'] : 'text';
    const name = attrs['name'];
    const label = textOf(node.meta?.label) || String(name ?? '');
    const messages = messagesOf(node.messages);
    const id = this.nextId();
    const messagesId = messages.length > 0 ? `${id}-messages` : undefined;
    const describedBy = { 'aria-describedby': messagesId };
    const value =
      attrs['value'] === undefined || attrs['value'] === null
        ? undefined
        : typeof attrs['value'] === 'object'
          ? JSON.stringify(attrs['value'])
          : attrs['value'];
    const disabled = attrs['disabled'] === true;
    if (type === 'hidden') return `<input${attributes({ type: 'hidden', name, value })}>`;
    if (type === 'submit' || type === 'button') {
      const onclick =
        typeof attrs['onclick'] === 'string'
          ? attrs['onclick']
          : typeof attrs['onclickTrigger'] === 'string' && /^[A-Za-z_$][\w$]*$/.test(attrs['onclickTrigger'])
            ? `window.${attrs['onclickTrigger']}()`
            : undefined;
      return `<button${attributes({
        type,
        id,
        name,
        value,
        disabled,
        onclick: type === 'button' ? onclick : undefined,
        ...describedBy,
      })}>${escapeHtml(label)}</button>${renderMessages(messages, messagesId)}`;
    }
    const common = {
      id,
      name,
      required: attrs['required'] === true,
      disabled,
      'aria-invalid': messages.some((m) => m.type === 'error') ? 'true' : undefined,
      ...describedBy,
    };
    if (type === 'checkbox') {
      return `<label class="checkbox" for="${id}"><input${attributes({
        type: 'checkbox',
        ...common,
        value: 'true',
        checked: value === true || value === 'true',
      })}> ${escapeHtml(label)}</label>${renderMessages(messages, messagesId)}`;
    }
    if (Array.isArray(attrs['options'])) {
      // Each option is {value}, as Kratos's InputAttributesOption.
      const options = attrs['options']
        .map((option) => (isPlainObject(option) ? String(option['value']) : String(option)))
        .map((option) => `<option${attributes({ value: option, selected: option === value })}>${escapeHtml(option)}</option>`);
      return `<label for="${id}">${escapeHtml(label)}</label><select${attributes(common)}>${options.join('')}</select>${renderMessages(
        messages,
        messagesId,
      )}`;
    }
    return `<label for="${id}">${escapeHtml(label)}</label><input${attributes({
      type,
      ...common,
      // Passwords are never echoed back into the page.
      value: type === 'password' ? undefined : value,
      autocomplete: attrs['autocomplete'],
      pattern: attrs['pattern'],
      maxlength: attrs['maxlength'],
    })}>${renderMessages(messages, messagesId)}`;
  }

  private text(node: UiNode): string {
    const text = node.attributes['text'];
    const context = isPlainObject(text) && isPlainObject(text['context']) ? text['context'] : {};
    const label = textOf(node.meta?.label);
    let content: string;
    if (Array.isArray(context['secrets'])) {
      content = `<ul class="codes">${context['secrets'].map((secret) => `<li>${escapeHtml(textOf(secret))}</li>`).join('')}</ul>`;
    } else if (typeof context['secret'] === 'string') {
      content = `<p><code class="secret">${escapeHtml(context['secret'])}</code></p>`;
    } else {
      content = `<p>${escapeHtml(textOf(text))}</p>`;
    }
    return `<div${attributes({ class: 'text', id: node.attributes['id'] })}>${label ? `<p><strong>${escapeHtml(label)}</strong></p>` : ''}${
      content
    }${renderMessages(messagesOf(node.messages))}</div>`;
  }

  private image(node: UiNode): string {
    const attrs = node.attributes;
    const label = textOf(node.meta?.label);
    const src = typeof attrs['src'] === 'string' && /^(https?:\/\/|\/(?!\/)|data:image\/)/i.test(attrs['src']) ? attrs['src'] : undefined;
    return `<figure><img${attributes({ id: attrs['id'], src, alt: label, width: attrs['width'], height: attrs['height'] })}>${
      label ? `<figcaption>${escapeHtml(label)}</figcaption>` : ''
    }</figure>`;
  }

  private anchor(node: UiNode): string {
    const attrs = node.attributes;
    const href = typeof attrs['href'] === 'string' && /^(https?:\/\/|\/(?!\/))/i.test(attrs['href']) ? attrs['href'] : undefined;
    return `<p><a${attributes({ id: attrs['id'], href })}>${escapeHtml(textOf(attrs['title']))}</a></p>`;
  }

  /** The script node as Kratos describes it (src, integrity, nonce, …): the only script the page loads. */
  private script(node: UiNode): string {
    const attrs = node.attributes;
    return `<script${attributes(Object.fromEntries(SCRIPT_ATTRIBUTES.map((name) => [name, attrs[name]])))}></script>`;
  }

  private division(node: UiNode): string {
    const attrs = node.attributes;
    return `<div${attributes({ id: attrs['id'], class: attrs['class'] })}>${renderMessages(messagesOf(node.messages))}</div>`;
  }
}

/** The flow's messages, then one section per group, each a form posting to `ui.action` with `ui.method`. */
export function renderUi(ui: UiJson): string {
  const nodes = Array.isArray(ui.nodes) ? ui.nodes.filter(isNode) : [];
  const hidden = nodes.filter(isHiddenDefault);
  const method = ui.method === 'GET' ? 'get' : 'post';
  const parts = [renderMessages(messagesOf(ui.messages))];
  for (const section of sectionsOf(nodes)) {
    const headingId = `section-${section.group}`;
    const renderer = new NodeRenderer(section.group);
    parts.push(`<section${attributes({ 'aria-labelledby': headingId, 'data-group': section.group })}>
<h2 id="${escapeHtml(headingId)}">${escapeHtml(GROUP_HEADINGS[section.group] ?? section.group)}</h2>
<form${attributes({ action: ui.action ?? '', method })}>
${[...hidden, ...section.nodes].map((node) => renderer.render(node)).join('\n')}
</form>
</section>`);
  }
  return parts.join('\n');
}
