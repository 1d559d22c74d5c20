/** The notification store: each person's inbox (written with the update that caused it, see store.ts' UpdateRecords). */
import type { Notice } from '@factmark/api';

/** A person's inbox, in the store's database. */
export interface NotificationStore {
  /** `userId`'s newest notifications (with their documents' titles) and how many are unread. */
  inbox(userId: string, limit: number): Promise<{ notifications: Notice[]; unread: number }>;
  /** Mark `userId`'s notifications `ids` (null: all) read at `at`; how many stay unread. */
  markRead(userId: string, ids: readonly string[] | null, at: string): Promise<number>;
}
