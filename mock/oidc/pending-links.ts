/**
 * Links waiting for the provider's callback (30 min, docs/kratos-behavior.md#defaults). Kept on the server and
 * found by the OAuth2 `state`, not by a cookie, so any HTTP client that follows redirects can finish a link.
 */
import { randomBytes } from 'node:crypto';

export const LINK_LIFESPAN_MS = 30 * 60 * 1000;
const MAX_PENDING = 10_000;

export interface PendingLink {
  state: string;
  provider: string;
  flowId: string;
  sessionId: string;
  identityId: string;
  expiresAt: number;
  /** The authorization code the fake provider issued for this state, once the user passed it. */
  code?: string;
}

export class PendingLinks {
  private readonly links = new Map<string, PendingLink>();

  constructor(private readonly now: () => number) {}

  create(input: Omit<PendingLink, 'state' | 'code'>): PendingLink {
    this.sweep();
    const link: PendingLink = { ...input, state: randomBytes(24).toString('base64url') };
    this.links.set(link.state, link);
    while (this.links.size > MAX_PENDING) {
      const oldest = this.links.keys().next().value;
      if (oldest === undefined) break;
      this.links.delete(oldest);
    }
    return link;
  }

  /** The link for this state if it exists and has not expired. */
  get(state: unknown): PendingLink | undefined {
    if (typeof state !== 'string') return undefined;
    const link = this.links.get(state);
    return link && link.expiresAt > this.now() ? link : undefined;
  }

  issueCode(link: PendingLink): string {
    link.code = randomBytes(24).toString('base64url');
    return link.code;
  }

  /** Ends the link: a state and its code work once. */
  finish(link: PendingLink): void {
    this.links.delete(link.state);
  }

  private sweep(): void {
    const now = this.now();
    for (const [state, link] of this.links) if (link.expiresAt <= now) this.links.delete(state);
  }
}
