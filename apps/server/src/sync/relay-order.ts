/**
 * When an accepted update is applied to the server's document, and so
 * relayed: the rule that every item anyone has seen is under a client id
 * whose owner the store records. An update that claims a client id is applied
 * once stored (with its claim); one that writes only under its sender's
 * client ids at once, when the server relays before storing, but never before
 * a claim of one of those ids (by an earlier update, or by the sender's
 * presence) is stored.
 */
import type { Document } from '@hocuspocus/server';
import * as Y from 'yjs';
import { ClientOwners, clientsWrittenBy } from './client-owners.ts';
import type { AcceptedUpdate, GroupCommit } from './group-commit.ts';

/** An update that holds nothing (what a claim alone is stored with). */
const NOTHING = Y.encodeStateAsUpdate(new Y.Doc());

export class RelayOrder {
  /** Per document, the client ids whose claim is being stored, with the write that stores it. */
  private readonly claiming = new WeakMap<Document, Map<number, Promise<void>>>();

  constructor(
    private readonly commits: GroupCommit,
    private readonly owners: ClientOwners,
    private readonly relayBeforeStore: boolean,
  ) {}

  /** `clients` are claimed by a write that `stored` settles: updates under them wait for it. */
  claimed(document: Document, clients: readonly number[], stored: Promise<void>): void {
    let claiming = this.claiming.get(document);
    if (!claiming) {
      claiming = new Map();
      this.claiming.set(document, claiming);
    }
    const map = claiming;
    for (const client of clients) map.set(client, stored);
    const settled = () => {
      for (const client of clients) if (map.get(client) === stored) map.delete(client);
    };
    stored.then(settled, settled);
  }

  /**
   * Claim `client` for `user` alone, without an update (a page's id, as its
   * presence arrives), unless someone owns it: queued with the document's
   * writes and written again until stored (it holds nothing to refuse);
   * updates under it wait for it.
   */
  async claimAlone(document: Document, client: number, user: { id: string; name: string }): Promise<void> {
    const owners = await this.owners.load(document);
    if (owners.has(client)) return;
    ClientOwners.reserve(owners, [client], user.id);
    const entry: AcceptedUpdate = {
      update: NOTHING,
      userId: user.id,
      userName: user.name,
      claims: [client],
      bodyChanges: [],
      documentTitle: '',
      receivedAt: new Date().toISOString(),
    };
    const stored = this.commits.add(document.name, entry);
    this.commits.relay(entry);
    this.claimed(document, entry.claims, stored);
  }

  /**
   * Apply `entry` (accepted, its write `stored` queued) with `apply`: at once
   * when it claims nothing and every claim of the ids it writes under is
   * stored, else once stored. Rejects, applying nothing, when storing failed
   * first (the write of a claim it waited for, or its own).
   */
  async apply(document: Document, entry: AcceptedUpdate, stored: Promise<void>, apply: () => void): Promise<void> {
    this.claimed(document, entry.claims, stored);
    if (!this.relayBeforeStore || entry.claims.length > 0) {
      await stored;
      return apply();
    }
    const claiming = this.claiming.get(document);
    const waits = clientsWrittenBy(entry.update).flatMap((c) => claiming?.get(c) ?? []);
    if (waits.length > 0) {
      try {
        await Promise.all(waits);
      } catch {
        // An earlier update's claim of an id it writes under was refused: so is its own write, queued behind
        // (this rejects); applied only if it is stored after all.
        await stored;
        return apply();
      }
    }
    // Refused meanwhile (a write before it failed): the rejection of its own write says so.
    if (!this.commits.relay(entry)) await stored;
    apply();
  }
}
