/**
 * Registration, verification and recovery flows and the courier's outbox. Pure, like mock/store.ts: time and ids come
 * from the injected clock and id generator.
 */
import type { FlowType, UiState } from '../store.js';

export type FlowKind = 'registration' | 'verification' | 'recovery';

/** A one-time code this flow sent, with the address it went to and the identity it proves. */
export interface SentCode {
  code: string;
  address: string;
  identityId?: string;
}

export interface SelfServiceFlow {
  id: string;
  kind: FlowKind;
  type: FlowType;
  issuedAt: number;
  expiresAt: number;
  requestUrl: string;
  returnTo?: string;
  state: 'choose_method' | 'sent_email' | 'passed_challenge';
  ui: UiState;
  sent?: SentCode;
  continueWith?: unknown[];
}

export interface CourierMessage {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  templateType: string;
  createdAt: number;
}

const MAX_ENTRIES = 5_000;

export class SelfServiceStore {
  private readonly flows = new Map<string, SelfServiceFlow>();
  private readonly messages: CourierMessage[] = [];

  constructor(
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {}

  saveFlow(flow: SelfServiceFlow): SelfServiceFlow {
    this.flows.delete(flow.id);
    this.flows.set(flow.id, flow);
    while (this.flows.size > MAX_ENTRIES) {
      const oldest = this.flows.keys().next().value;
      if (oldest === undefined) break;
      this.flows.delete(oldest);
    }
    return flow;
  }

  getFlow(kind: FlowKind, id: string): SelfServiceFlow | undefined {
    const flow = this.flows.get(id);
    return flow?.kind === kind ? flow : undefined;
  }

  send(input: Omit<CourierMessage, 'id' | 'createdAt'>): CourierMessage {
    const message = { ...input, id: this.newId(), createdAt: this.now() };
    this.messages.push(message);
    if (this.messages.length > MAX_ENTRIES) this.messages.shift();
    return message;
  }

  /** Newest first, as Kratos lists them. */
  listMessages(recipient?: string): CourierMessage[] {
    return this.messages.filter((message) => recipient === undefined || message.recipient === recipient).reverse();
  }
}
