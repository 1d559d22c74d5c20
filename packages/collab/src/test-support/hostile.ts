/**
 * Hostile updates against a document, built at the level of Yjs structs or
 * by editing a copy with the plain Yjs API (skipping every check the command
 * API makes): reused and overlapping clock ranges with any parent, items
 * placed only by their neighbours, delete sets, GC and skip structs over
 * unknown and future clocks, items under other users' client ids, format
 * items with any key, deleted format markers, other content types, forged
 * identity fields, partial correction decisions — alone or hidden inside a
 * legitimate change.
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { bodyKind } from '../body-layout.ts';
import { makeSource, writeSource } from '../sources.ts';
import { type CraftedContent, craftUpdate, type Id } from './crafted-update.ts';

/** One hostile recipe: a kind and the numbers it picks with. */
export interface Recipe {
  kind: number;
  hidden: number;
  n: number[];
}

export const recipeArb: fc.Arbitrary<Recipe> = fc.record({
  kind: fc.nat(11),
  hidden: fc.nat(10),
  n: fc.array(fc.nat(1_000_000), { minLength: 12, maxLength: 12 }),
});

/** What a recipe can aim at in the document. */
interface Targets {
  doc: Y.Doc;
  clients: [number, number][];
  items: Y.Item[];
  types: Y.Item[];
  textItems: Y.Item[];
  formats: Y.Item[];
  bodies: string[];
}

function targets(base: Uint8Array): Targets {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const t: Targets = { doc, clients: [], items: [], types: [], textItems: [], formats: [], bodies: [] };
  for (const [client, structs] of doc.store.clients) {
    t.clients.push([client, Y.getState(doc.store, client)]);
    for (const s of structs) {
      if (!(s instanceof Y.Item)) continue;
      t.items.push(s);
      if (s.content instanceof Y.ContentType) t.types.push(s);
      if (s.content instanceof Y.ContentString && !s.deleted) t.textItems.push(s);
      if (s.content instanceof Y.ContentFormat && !s.deleted) t.formats.push(s);
    }
  }
  t.bodies = [...doc.getMap('annotations').keys()];
  return t;
}

const PEOPLE = ['peer0', 'peer1', 'peer2', 'peer3', 'mallory'];
const at = <T>(list: readonly T[], n: number | undefined): T | undefined => list[(n ?? 0) % Math.max(1, list.length)];

function content(n: number, bodies: string[]): CraftedContent {
  const options: CraftedContent[] = [
    { string: 'INJECTED' },
    { any: [{ id: at(bodies, n) ?? 'x', kind: 'claim' }] },
    { any: ['False'] },
    { format: ['claim--x', { id: at(bodies, n >> 3) ?? 'ghost' }] },
    { format: ['strong', null] },
    { deleted: 3 },
    { binary: new Uint8Array([1, 2, 3]) },
    { embed: { src: 'x' } },
    { doc: 'sub' },
    { type: 'map' },
    { type: 'xmlElement', name: n % 2 ? 'paragraph' : 'script' },
    { type: 'xmlText' },
    { type: 'xmlHook', name: 'hook' },
  ];
  return options[n % options.length] as CraftedContent;
}

function idOf(item: Y.Item | undefined, offset = 0): Id | null {
  return item ? [item.id.client, item.id.clock + (offset % item.length)] : null;
}

/** A Y-level edit of a copy of the document, written under `client`. */
function edit(base: Uint8Array, client: number, act: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  // Set after loading: Yjs picks a new id when an update it receives already holds its own.
  doc.clientID = client;
  const sv = Y.encodeStateVector(doc);
  doc.transact(() => act(doc));
  return Y.encodeStateAsUpdate(doc, sv);
}

function person(n: number, user: string) {
  const id = n % 3 === 0 ? user : (at(PEOPLE, n) as string);
  return { id, name: id };
}

function time(n: number, now: number): string {
  return new Date(n % 4 === 0 ? now + 3_600_000 : now - (n % 1000) * 1000).toISOString();
}

/** Build the update `recipe` describes, sent by `user` whose own client is `client`. */
export function hostileUpdate(base: Uint8Array, recipe: Recipe, user: string, client: number, now: number): Uint8Array {
  const t = targets(base);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = recipe.n;
  const foreign = at(t.clients, a) ?? [client, 0];
  const body = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('annotations').get(at(t.bodies, b) ?? '');
  const roots = ['article', 'annotations', 'sources', 'settings', 'correctionsLog', 'secret'];
  const parent = (): string | Id => (c % 3 === 0 ? (at(roots, d) as string) : (idOf(at(t.types, d)) ?? 'article'));
  switch (recipe.kind % 11) {
    case 0: // reuse a known clock range, naming any parent
      return craftUpdate([
        {
          client: foreign[0],
          clock: Math.max(0, foreign[1] - 1 - (b % 3)),
          parent: parent(),
          parentSub: e % 2 ? null : 'verdict',
          content: content(f, t.bodies),
        },
      ]);
    case 1: // placed only by neighbours, under one's own, a colleague's or a fresh client id
      return craftUpdate([
        {
          client: [client, foreign[0], 777_000 + (b % 5)][c % 3] as number,
          clock: [Y.getState(t.doc.store, client), foreign[1], 0][c % 3] as number,
          origin: e % 3 === 2 ? null : idOf(at(t.items, d), f),
          rightOrigin: e % 3 === 1 ? idOf(at(t.items, g), h) : null,
          parent: parent(),
          content: content(h, t.bodies),
        },
      ]);
    case 2: // delete sets over known, unknown and future clocks
      return craftUpdate(
        [],
        [
          [foreign[0], b % (foreign[1] + 8), 1 + (c % 6)],
          ...(d % 2 ? [[777_001, 0, 3] as [number, number, number]] : []),
        ],
      );
    case 3: // GC and skip ranges
      return craftUpdate(
        c % 2
          ? [{ client: foreign[0], clock: Math.max(0, foreign[1] - (b % 3)), gc: 1 + (d % 50) }]
          : [
              {
                client: foreign[0],
                clock: foreign[1] + 1 + (b % 3),
                origin: idOf(at(t.textItems, d)),
                content: { string: 'LATER' },
              },
            ],
      );
    case 4: // format items with any key, anywhere in the text
      return craftUpdate([
        {
          client,
          clock: Y.getState(t.doc.store, client),
          origin: idOf(at(t.textItems, b), c),
          content: {
            format: [
              at(['claim', 'claim--x', 'comment--h', 'citation', 'strong', 'em', 'link', 'bogus'], d) as string,
              at(
                [
                  null,
                  { id: at(t.bodies, e) ?? 'ghost' },
                  { id: 'ghost' },
                  { href: 'https://x.org' },
                  { href: 'javascript:1' },
                  5,
                  {},
                ],
                f,
              ),
            ],
          },
        },
      ]);
    case 5: {
      // delete a format marker (the start or end of someone's mark)
      const marker = at(t.formats, b);
      return craftUpdate([], marker ? [[marker.id.client, marker.id.clock, 1]] : []);
    }
    case 6: // an item under a colleague's client id that looks like a valid reply
      return craftUpdate([
        {
          client: foreign[0],
          clock: foreign[1],
          parent: idOf(at(t.types, b)) ?? 'annotations',
          parentSub: c % 2 ? null : 'resolved',
          content: { any: [c % 2 ? { id: 'm9', author: person(d, user), text: 'ok', createdAt: time(e, now) } : true] },
        },
      ]);
    case 7: // forged identity through the plain Yjs API
      return edit(base, client, (doc) => {
        const map = body(doc);
        if (!map) return;
        const field = at(
          ['author', 'updatedBy', 'resolvedBy', 'decidedBy', 'assignee', 'createdAt', 'updatedAt'],
          c,
        ) as string;
        const fixed = map.get('fixed');
        if (Array.isArray(fixed) && g % 3 === 0) {
          // The same inside the packed fixed fields (body-layout.ts): the kind, quote, author's id or name, or time.
          const forged = [...fixed];
          forged[c % 5] = ['comment', 'forged', user, user, Date.parse(time(d, now))][c % 5];
          map.set('fixed', forged);
        } else map.set(field, field.endsWith('At') ? time(d, now) : person(d, user));
        if (e % 2)
          (map.get('thread') as Y.Array<unknown> | undefined)?.push([
            { id: `m${f}`, author: person(g, user), text: 'Agreed', createdAt: time(h, now) },
          ]);
      });
    case 8: // partial correction decisions
      return edit(base, client, (doc) => {
        const map = body(doc);
        if (!map) return;
        map.set('state', at(['accepted', 'rejected', 'proposed'], c) as string);
        if (d % 2) map.set('decidedBy', person(e, user));
        if (d % 3) map.set('decidedAt', time(f, now));
        if (g % 2)
          doc.getArray('correctionsLog').push([
            {
              correctionId: map._item?.parentSub,
              decision: at(['accepted', 'rejected'], h),
              original: 'a',
              proposed: 'b',
              category: 'typo',
              decidedBy: person(e, user),
              decidedAt: time(f, now),
            },
          ]);
        if (g % 3 === 0) {
          const para = doc.getXmlFragment('article').get(1);
          const text = para instanceof Y.XmlElement ? para.get(0) : null;
          if (text instanceof Y.XmlText) text.insert(0, 'Z');
        }
      });
    case 9: // what a role may do, through the plain Yjs API: reply, resolve, verdict, a new source
      return edit(base, client, (doc) => {
        const map = body(doc);
        const me = { id: user, name: user };
        const stamp = new Date(now - 1000).toISOString();
        if (c % 4 === 0)
          (map?.get('thread') as Y.Array<unknown> | undefined)?.push([
            { id: `r${d}`, author: me, text: 'Source?', createdAt: stamp },
          ]);
        else if (c % 4 === 1 && map && bodyKind(map) === 'comment') {
          map.set('resolved', true);
          map.set('resolvedBy', me);
          map.set('resolvedAt', stamp);
        } else if (c % 4 === 2 && map) {
          // A verdict as the app gives one: in the giver's name, the old check dropped (second-review.ts).
          map.set('verdict', 'False');
          map.set('verdictBy', me);
          map.set('verdictAt', stamp);
          map.set('checkedBy', null);
        } else {
          const source = makeSource(
            `s${d}`,
            { url: 'https://example.org/a', title: 'A report' },
            me,
            new Date(now - 1000),
          );
          writeSource(doc, source);
        }
      });
    default: {
      // a legitimate change with a hidden one inside
      const legit = hostileUpdate(base, { ...recipe, kind: 9 }, user, client, now);
      const hidden = hostileUpdate(base, { ...recipe, kind: recipe.hidden % 9 }, user, client, now);
      try {
        return Y.mergeUpdates([legit, hidden]);
      } catch {
        // Yjs cannot merge some hand-made structs; the hidden one is then sent alone.
        return hidden;
      }
    }
  }
}
