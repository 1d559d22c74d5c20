/**
 * The notification store: each person's inbox (written with the update that caused it, see store.ts'
 * UpdateRecords), the kinds they turned off per channel, and the outbox of notifications waiting to be emailed.
 * Who gets a record is settled as it is written: members of its document only (a review request: the
 * members whose role may give a second check), never its causers, and not on a channel they turned off.
 */

import type { Notice, NotificationKind } from '@factmark/api';
// The role rules' own module: the update writer's thread loads this without the rest of the package.
import { rolesFor } from '@factmark/collab/policy';
import type { NotificationRecord } from '../notifications.ts';

/** The recipient that stands for every member who may give a second check (the store expands it). */
export const REVIEWERS = '*reviewers';

/** The roles a review request goes to: those that may judge anyone's claim (one rule with the gate). */
export const REVIEWER_ROLES: readonly string[] = rolesFor('judge');

/** A kind of notification turned off on one channel. */
export interface Mute {
  kind: NotificationKind;
  channel: 'app' | 'email';
}

/** A notification waiting in the outbox, with what an email about it needs: whose it is, and their address. */
export type MailItem = Omit<Notice, 'readAt'> & { userId: string; email: string; name: string };

/** When a person's waiting notifications are due to be mailed (ISO times). */
export interface MailDue {
  /** The time now (what a claim is stamped with). */
  now: string;
  /** Due when the newest is older than this: the burst is over. */
  quietSince: string;
  /** Due anyway when the oldest is older than this. */
  waitingSince: string;
  /** A claim older than this was lost with its instance: take it again. */
  staleClaim: string;
}

/** Who to tell when this process stored notifications or marked some read (the live unread count listens). */
export class ChangeSignal {
  private readonly listeners = new Set<() => void>();

  /** Call `listener` after each write that stored or read notifications here; returns the way to stop. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell every listener (after the write's transaction committed). */
  announce(): void {
    for (const listener of this.listeners) listener();
  }
}

/**
 * Which of a person's notifications they see (SQL over `n`, the notification, and `m`, their membership of its
 * document, left-joined): those of documents they are still a member of, and notices addressed to them alone.
 */
export const SEEN = `(m.user_id IS NOT NULL OR n.kind = 'webhook')`;

/** A person's inbox, settings and outbox, in the store's database. */
export interface NotificationStore {
  /**
   * Told after this process stored notifications or marked some read. (Another instance's writes are not told: a
   * listener also asks again now and then.)
   */
  readonly changed: ChangeSignal;
  /** How many of `userId`'s notifications are unread. */
  unread(userId: string): Promise<number>;
  /** True when notifications also go to the outbox (the server sends email). */
  email: boolean;
  /**
   * Tell one person directly, whether or not they are a member of the record's document (a webhook's owner that
   * it was paused); not when they turned the kind off in the app.
   */
  notice(record: NotificationRecord): Promise<void>;
  /** `userId`'s newest notifications (with their documents' titles) and how many are unread. */
  inbox(userId: string, limit: number): Promise<{ notifications: Notice[]; unread: number }>;
  /** Mark `userId`'s notifications `ids` (null: all) read at `at`; how many stay unread. */
  markRead(userId: string, ids: readonly string[] | null, at: string): Promise<number>;
  /** The kinds `userId` turned off, per channel. */
  mutes(userId: string): Promise<Mute[]>;
  /** Replace `userId`'s turned-off kinds with `mutes`. */
  setMutes(userId: string, mutes: readonly Mute[]): Promise<void>;
  /**
   * Claim the outbox rows of every person whose batch is `due` (all of that person's rows at once, so they go as
   * one email), with their address and the document's title. Rows of documents the person lost are dropped.
   */
  claimMail(due: MailDue): Promise<MailItem[]>;
  /** The rows `ids` were mailed: remove them. */
  mailSent(ids: readonly string[]): Promise<void>;
  /** Mailing the rows `ids` failed: leave them for the next round. */
  mailFailed(ids: readonly string[]): Promise<void>;
}
