/** Submitting a capture to the archives, against a local fake speaking their APIs (127.0.0.1 only). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeArchives, startFakeArchives } from '../test-support/fake-archives.ts';
import { type ArchiveSettings, archiveEverywhere, NO_ARCHIVES } from './archives.ts';

let fake: FakeArchives;
let settings: ArchiveSettings;
beforeAll(async () => {
  fake = await startFakeArchives();
  settings = {
    wayback: { endpoint: fake.base, accessKey: 'access', secret: 'secret', pollMs: 10, maxPolls: 5 },
    perma: { endpoint: fake.base, apiKey: 'key', folder: null },
  };
});
afterAll(() => fake.close());

describe('archiving a captured source', () => {
  it('saves to the Internet Archive (request, then status until done) and to Perma.cc, with their dates', async () => {
    const url = 'https://news.example/drills';
    const { copies, failures } = await archiveEverywhere(url, settings);
    expect(failures).toEqual([]);
    expect(copies).toEqual([
      {
        provider: 'Internet Archive',
        url: `${fake.base}/web/20261203101500/${url}`,
        archivedAt: '2026-12-03T10:15:00.000Z',
      },
      { provider: 'Perma.cc', url: 'https://perma.cc/AB12-CD34', archivedAt: '2026-12-03T10:16:00.000Z' },
    ]);
    const save = fake.requests.find((r) => r.path === '/save');
    expect(save).toMatchObject({
      method: 'POST',
      authorization: 'LOW access:secret',
      body: `url=${encodeURIComponent(url)}`,
    });
    expect(fake.requests.filter((r) => r.path.startsWith('/save/status/'))).toHaveLength(2);
    expect(fake.requests.find((r) => r.path === '/v1/archives/')).toMatchObject({
      authorization: 'ApiKey key',
      body: JSON.stringify({ url }),
    });
  });

  it('reports an archive that fails in words and keeps what the others saved', async () => {
    fake.failing = true;
    try {
      const { copies, failures } = await archiveEverywhere('https://news.example/x', settings);
      expect(copies).toEqual([]);
      expect(failures).toEqual([
        expect.stringMatching(/^The Internet Archive answered 503/),
        expect.stringMatching(/^Perma.cc answered 503/),
      ]);
    } finally {
      fake.failing = false;
    }
  });

  it('submits nowhere when no archive is configured', async () => {
    const before = fake.requests.length;
    expect(await archiveEverywhere('https://news.example/x', NO_ARCHIVES)).toEqual({ copies: [], failures: [] });
    expect(fake.requests.length).toBe(before);
  });
});
