import {
  annotationBodies,
  articleFragment,
  bodyToYMap,
  correctionsLog,
  documentSettings,
  makeSource,
  newClaimBody,
  type Role,
  readArticle,
  sourceLibrary,
} from '@factmark/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, attempt, TestServer } from './test-support/harness.ts';

/**
 * Every role × every operation, over HTTP and over Yjs with hand-crafted
 * updates (written with the Yjs API, not through the editor); afterwards the
 * stored document is read back to prove that no refused write landed.
 */

const ROLES: Role[] = ['owner', 'editor', 'commenter', 'viewer'];
let t: TestServer;
const users: Record<Role | 'outsider', ApiClient> = {} as never;
let docId = '';
let existingClaim = '';

/** Each person writes in their own name (the gate refuses any other). */
const actorOf = (role: Role) => ({ id: users[role].userId, name: role });
const claimBody = (id: string, quote: string, role: Role) =>
  newClaimBody({ id, quote, author: actorOf(role), at: new Date() });

function firstParagraphText(doc: Y.Doc): Y.XmlText {
  return (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
}

/** The hand-crafted Yjs operations, each leaving a marker we can look for in the stored document. */
const YJS_OPS: Record<string, (doc: Y.Doc, role: Role) => void> = {
  'insert article text': (doc, role) => firstParagraphText(doc).insert(0, `[text by ${role}] `),
  'mark a claim with its body': (doc, role) => {
    const id = `claim${role}`.padEnd(16, '0');
    // Under its own key, as y-prosemirror stores overlapping claims: a shared key would replace the others' marks.
    firstParagraphText(doc).format(0, 8, { [`claim--${role.padEnd(8, 'A').slice(0, 8)}`]: { id } });
    annotationBodies(doc).set(id, bodyToYMap(claimBody(id, 'PORT MER', role)));
  },
  "change a colleague's claim": (doc, role) =>
    (annotationBodies(doc).get(existingClaim) as Y.Map<unknown>).set('rationale', `by ${role}`),
  'add a source': (doc, role) => {
    const map = new Y.Map<unknown>();
    const source = makeSource(
      `src-${role}`,
      { url: 'https://example.org/report', title: `Report for ${role}` },
      actorOf(role),
      new Date(),
    );
    for (const [k, v] of Object.entries(source)) map.set(k, v);
    sourceLibrary(doc).set(`src-${role}`, map);
  },
  'change the rating scale': (doc, role) =>
    documentSettings(doc).set('ratingScale', { labels: [{ label: `Yes ${role}`, value: 1 }], best: 1, worst: 0 }),
  'append to the corrections log without deciding': (doc, role) =>
    correctionsLog(doc).push([
      {
        correctionId: `c-${role}`,
        decision: 'accepted',
        original: 'a',
        proposed: 'b',
        category: 'typo',
        decidedBy: actorOf(role),
        decidedAt: new Date().toISOString(),
      },
    ]),
};

const ALLOWED: Record<string, Role[]> = {
  'insert article text': ['owner', 'editor'],
  'mark a claim with its body': ['owner', 'editor', 'commenter'],
  // A commenter changes only their own annotations.
  "change a colleague's claim": ['owner', 'editor'],
  'add a source': ['owner', 'editor', 'commenter'],
  'change the rating scale': ['owner', 'editor'],
  // A log entry comes only with the decision it records, for every role.
  'append to the corrections log without deciding': [],
};

beforeAll(async () => {
  t = await new TestServer().start();
  users.owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  for (const role of ['editor', 'commenter', 'viewer', 'outsider'] as const) {
    users[role] = await new ApiClient(t.base).signUp(`${role}@desk.example`, role);
  }
  docId = await users.owner.firstDocumentId();
  for (const role of ['editor', 'commenter', 'viewer'] as const) {
    const res = await users.owner.request('PUT', `/api/documents/${docId}/members`, {
      email: `${role}@desk.example`,
      role,
    });
    expect(res.status).toBe(200);
  }
  // A claim everyone can try to change.
  const conn = await t.connect(docId, await users.owner.syncToken(docId));
  existingClaim = 'existingclaim000';
  expect(
    await attempt(conn, (doc) => {
      firstParagraphText(doc).format(10, 5, { claim: { id: existingClaim } });
      annotationBodies(doc).set(existingClaim, bodyToYMap(claimBody(existingClaim, 'IDIAN', 'owner')));
    }),
  ).toBe('acked');
});

afterAll(async () => {
  await t?.dispose();
});

describe('the sync token', () => {
  it('is had with a GET before the page knows its CSRF token, never cached, and only with a session', async () => {
    const signIn = await fetch(`${t.base}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.base },
      body: JSON.stringify({ email: 'viewer@desk.example', password: 'correct horse battery' }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).not.toBe('');
    const res = await fetch(`${t.base}/api/documents/${docId}/sync-token`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as { role: string }).role).toBe('viewer');
    expect((await fetch(`${t.base}/api/documents/${docId}/sync-token`)).status).toBe(401);
  });
});

describe('role matrix over HTTP', () => {
  const cases: [string, string, (id: string) => string, number[]][] = [
    // operation, method, path, expected status for owner, editor, commenter, viewer, outsider
    ['read the document', 'GET', (id) => `/api/documents/${id}`, [200, 200, 200, 200, 404]],
    ['list members', 'GET', (id) => `/api/documents/${id}/members`, [200, 200, 200, 200, 404]],
    ['get a sync token', 'GET', (id) => `/api/documents/${id}/sync-token`, [200, 200, 200, 200, 404]],
  ];
  for (const [op, method, path, expected] of cases) {
    it(`${op}: ${expected.join(', ')}`, async () => {
      const got = [];
      for (const who of [...ROLES, 'outsider'] as const)
        got.push((await users[who].request(method, path(docId))).status);
      expect(got).toEqual(expected);
    });
  }

  it('share and unshare: only the owner', async () => {
    const got = [];
    for (const who of [...ROLES, 'outsider'] as const) {
      got.push(
        (
          await users[who].request('PUT', `/api/documents/${docId}/members`, {
            email: 'outsider@desk.example',
            role: 'viewer',
          })
        ).status,
      );
    }
    // By the time the outsider tries, the owner has just shared the document with them as a viewer.
    expect(got).toEqual([200, 403, 403, 403, 403]);
    const removed = [];
    for (const who of [...ROLES, 'outsider'] as const) {
      removed.push(
        (await users[who].request('DELETE', `/api/documents/${docId}/members/${users.outsider.userId}`)).status,
      );
    }
    // The owner removed the outsider first, so the outsider's own attempt finds nothing.
    expect(removed).toEqual([200, 403, 403, 403, 404]);
    expect((await users.outsider.request('GET', `/api/documents/${docId}`)).status).toBe(404);
  });

  it('the document list shows a document only to its members', async () => {
    for (const who of [...ROLES, 'outsider'] as const) {
      const { documents } = (await users[who].request('GET', '/api/documents')).body as { documents: { id: string }[] };
      expect(
        documents.some((d) => d.id === docId),
        who,
      ).toBe(who !== 'outsider');
    }
  });

  it('delete: only the owner', async () => {
    const owned = await users.owner.request('POST', '/api/documents', {
      article: { type: 'doc', content: [{ type: 'title' }, { type: 'paragraph' }] },
    });
    const id = (owned.body as { document: { id: string } }).document.id;
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      await users.owner.request('PUT', `/api/documents/${id}/members`, { email: `${role}@desk.example`, role });
    }
    const got = [];
    for (const who of ['outsider', 'viewer', 'commenter', 'editor', 'owner'] as const) {
      got.push((await users[who].request('DELETE', `/api/documents/${id}`)).status);
    }
    expect(got).toEqual([404, 403, 403, 403, 204]);
    expect((await users.owner.request('GET', `/api/documents/${id}`)).status).toBe(404);
  });
});

describe('role matrix over Yjs, with hand-crafted updates', () => {
  const results: Record<string, Record<string, string>> = {};

  for (const op of Object.keys(YJS_OPS)) {
    it(`${op}: allowed for ${ALLOWED[op]?.join(', ')}, refused for the others`, async () => {
      results[op] = {};
      for (const role of ROLES) {
        const conn = await t.connect(docId, await users[role].syncToken(docId));
        const answer = await attempt(conn, (doc) => YJS_OPS[op]?.(doc, role));
        results[op][role] = answer;
        if (ALLOWED[op]?.includes(role)) expect(answer, `${op} by ${role}`).toBe('acked');
        else expect(answer, `${op} by ${role}`).toMatch(/^refused: /);
      }
    });
  }

  it('tells the client why: the close reason names the rule', () => {
    expect(results['insert article text']?.commenter).toBe("refused: Commenters cannot change the article's text");
    expect(results['insert article text']?.viewer).toBe('refused: Viewers cannot change the document');
    expect(results['append to the corrections log without deciding']?.commenter).toBe(
      'refused: Only editors can accept or reject corrections',
    );
    expect(results['change the rating scale']?.commenter).toBe('refused: Your role cannot change the rating scale');
  });

  it('no refused write landed in the stored document', async () => {
    await t.stop();
    const store = await t.openStore();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(await store.loadUpdates(docId)));
    await store.close();
    const text = readArticle(doc).textContent;
    const bodies = annotationBodies(doc);
    const sources = sourceLibrary(doc);
    const scale = JSON.stringify(documentSettings(doc).get('ratingScale'));
    const log = JSON.stringify(correctionsLog(doc).toArray());
    for (const role of ROLES) {
      const allowed = (op: string) => ALLOWED[op]?.includes(role) ?? false;
      expect(text.includes(`[text by ${role}]`), `text by ${role}`).toBe(allowed('insert article text'));
      expect(bodies.has(`claim${role}`.padEnd(16, '0')), `claim by ${role}`).toBe(
        allowed('mark a claim with its body'),
      );
      expect(sources.has(`src-${role}`), `source by ${role}`).toBe(allowed('add a source'));
      expect(log.includes(`c-${role}`), `log by ${role}`).toBe(
        allowed('append to the corrections log without deciding'),
      );
      if (!allowed('change the rating scale')) expect(scale).not.toContain(`Yes ${role}`);
      if (!allowed("change a colleague's claim")) {
        expect((bodies.get(existingClaim) as Y.Map<unknown>).get('rationale')).not.toBe(`by ${role}`);
      }
    }
    expect(t.rejected.filter((c) => c === 'read_only').length).toBe(6);
  });
});

describe('revoking a role', () => {
  it('takes effect on open connections: a demoted commenter is refused at once, a removed member is disconnected', async () => {
    const t2 = await new TestServer().start();
    try {
      const owner = await new ApiClient(t2.base).signUp('o@desk.example', 'O', t2.setupToken ?? undefined);
      const member = await new ApiClient(t2.base).signUp('m@desk.example', 'M');
      const id = await owner.firstDocumentId();
      await owner.request('PUT', `/api/documents/${id}/members`, { email: 'm@desk.example', role: 'commenter' });
      const conn = await t2.connect(id, await member.syncToken(id));
      const claim = (doc: Y.Doc, n: number) => {
        const cid = `revoke${n}`.padEnd(16, '0');
        firstParagraphText(doc).format(n, 3, { claim: { id: cid } });
        annotationBodies(doc).set(
          cid,
          bodyToYMap(
            newClaimBody({ id: cid, quote: 'PORT MER', author: { id: member.userId, name: 'M' }, at: new Date() }),
          ),
        );
      };
      expect(await attempt(conn, (doc) => claim(doc, 1))).toBe('acked');
      // Demoted to viewer: the open connection is closed, and a new one can no longer annotate.
      const closed = new Promise<string>((resolve) =>
        conn.provider.on('close', ({ event }: { event: { reason: string } }) => resolve(event.reason)),
      );
      await owner.request('PUT', `/api/documents/${id}/members`, { email: 'm@desk.example', role: 'viewer' });
      expect(await closed).toBe('Your role changed');
      const again = await t2.connect(id, await member.syncToken(id));
      expect(await attempt(again, (doc) => claim(doc, 2))).toBe('refused: Viewers cannot change the document');
      // Removed: the sync token endpoint and the socket both refuse.
      await owner.request('DELETE', `/api/documents/${id}/members/${member.userId}`);
      expect((await member.request('GET', `/api/documents/${id}/sync-token`)).status).toBe(404);
    } finally {
      await t2.dispose();
    }
  });

  it('a role read at connect time is not trusted later: a token from before a demotion cannot write', async () => {
    const t3 = await new TestServer().start();
    try {
      const owner = await new ApiClient(t3.base).signUp('o@desk.example', 'O', t3.setupToken ?? undefined);
      const member = await new ApiClient(t3.base).signUp('m@desk.example', 'M');
      const id = await owner.firstDocumentId();
      await owner.request('PUT', `/api/documents/${id}/members`, { email: 'm@desk.example', role: 'editor' });
      const oldToken = await member.syncToken(id);
      await owner.request('PUT', `/api/documents/${id}/members`, { email: 'm@desk.example', role: 'commenter' });
      const conn = await t3.connect(id, oldToken);
      expect(await attempt(conn, (doc) => firstParagraphText(doc).insert(0, 'sneaky '))).toBe(
        "refused: Commenters cannot change the article's text",
      );
    } finally {
      await t3.dispose();
    }
  });
});
