/**
 * What this page changed that the server has not confirmed yet: the commands
 * run (recorded by unconfirmed.ts) and whether the article's text was typed
 * in. When the server refuses a change, this is what the next session makes
 * again on the server's copy.
 */
import type { FactCheck, Role } from '@factmark/collab';
import type { Node as PMNode } from 'prosemirror-model';
import { articleText, type PendingChange, recording, replayAll } from './unconfirmed.ts';

/** The changes not yet confirmed, and the ones a refused session handed over. */
export class PendingChanges {
  /** Commands run since the server last confirmed everything. */
  private unconfirmed: PendingChange[] = [];
  /** The article's text was edited here since the server last confirmed everything. */
  private typed = false;

  /** @param handedOver changes a refused session could not get confirmed, to make again once synced. */
  constructor(private handedOver: PendingChange[] | null) {}

  /** `factCheck`, recording every command run through it. */
  recording(factCheck: FactCheck): FactCheck {
    return recording(factCheck, (change) => this.unconfirmed.push(change));
  }

  /** Text was typed in the article (kept in words, in case the server refuses it). */
  typedText(): void {
    this.typed = true;
  }

  /**
   * The server acknowledged everything sent: returns what forgets the
   * changes made until now, to run once no refusal can still be on its way.
   */
  acknowledged(): () => void {
    const settled = this.unconfirmed.length;
    return () => {
      this.unconfirmed.splice(0, settled);
      this.typed = false;
    };
  }

  /** Everything not confirmed, to hand to the next session (the article's text in words when it was typed in). */
  takeAll(article: PMNode): PendingChange[] {
    const pending = this.typed ? [...this.unconfirmed, articleText(article)] : this.unconfirmed;
    this.unconfirmed = [];
    return pending;
  }

  /**
   * Make the changes handed over again where `role` allows; the ones that
   * cannot be (for people to copy), or null when nothing was handed over.
   */
  replay(factCheck: FactCheck, role: Role, userId: string): PendingChange[] | null {
    const list = this.handedOver;
    if (!list) return null;
    this.handedOver = null;
    return replayAll(factCheck, list, role, userId);
  }
}
