/**
 * Submitting a captured source to web archives, as configured in
 * ARCHIVE_PROVIDERS: the Internet Archive's Save Page Now 2 API (a capture
 * request, then its status until it has a timestamp) and Perma.cc's API (one
 * request that returns the archive's id). Each answer is an archive URL and
 * its date; a failure is a reason in words, never a crash of the capture.
 */
import type { ArchiveCopy } from '@factmark/collab';

/** The archives a deployment submits to, with their endpoints and keys. */
export interface ArchiveSettings {
  /** The Internet Archive (SPN2), when configured. */
  wayback: { endpoint: string; accessKey: string; secret: string; pollMs: number; maxPolls: number } | null;
  /** Perma.cc, when configured. */
  perma: { endpoint: string; apiKey: string; folder: string | null } | null;
}

/** No archive configured. */
export const NO_ARCHIVES: ArchiveSettings = { wayback: null, perma: null };

/** An archive that did not keep a copy, with the reason. */
export class ArchiveFailed extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function jsonOf(response: Response, provider: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!response.ok) throw new ArchiveFailed(`${provider} answered ${response.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ArchiveFailed(`${provider} did not answer in JSON`);
  }
}

/** "20261203101500" (a Wayback timestamp) as an ISO time. */
function waybackTime(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) throw new ArchiveFailed(`The Internet Archive gave an unreadable timestamp “${stamp}”`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`;
}

async function saveToWayback(url: string, wayback: NonNullable<ArchiveSettings['wayback']>): Promise<ArchiveCopy> {
  const headers = { accept: 'application/json', authorization: `LOW ${wayback.accessKey}:${wayback.secret}` };
  const started = await jsonOf(
    await fetch(`${wayback.endpoint}/save`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url }).toString(),
    }),
    'The Internet Archive',
  );
  const jobId = typeof started.job_id === 'string' ? started.job_id : null;
  if (!jobId)
    throw new ArchiveFailed(`The Internet Archive did not start a capture (${String(started.message ?? '')})`);
  for (let poll = 0; poll < wayback.maxPolls; poll++) {
    const status = await jsonOf(
      await fetch(`${wayback.endpoint}/save/status/${encodeURIComponent(jobId)}`, { headers }),
      'The Internet Archive',
    );
    if (status.status === 'success' && typeof status.timestamp === 'string') {
      const original = typeof status.original_url === 'string' ? status.original_url : url;
      return {
        provider: 'Internet Archive',
        url: `${wayback.endpoint.replace(/\/$/, '')}/web/${status.timestamp}/${original}`,
        archivedAt: waybackTime(status.timestamp),
      };
    }
    if (status.status === 'error')
      throw new ArchiveFailed(
        `The Internet Archive could not capture it (${String(status.message ?? status.status_ext ?? '')})`,
      );
    await sleep(wayback.pollMs);
  }
  throw new ArchiveFailed('The Internet Archive had not finished its capture in time');
}

async function saveToPerma(url: string, perma: NonNullable<ArchiveSettings['perma']>): Promise<ArchiveCopy> {
  const body = await jsonOf(
    await fetch(`${perma.endpoint}/v1/archives/`, {
      method: 'POST',
      headers: {
        authorization: `ApiKey ${perma.apiKey}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(perma.folder ? { url, folder: perma.folder } : { url }),
    }),
    'Perma.cc',
  );
  if (typeof body.guid !== 'string') throw new ArchiveFailed('Perma.cc did not return an archive id');
  const created = typeof body.creation_timestamp === 'string' ? new Date(body.creation_timestamp) : new Date();
  return { provider: 'Perma.cc', url: `https://perma.cc/${body.guid}`, archivedAt: created.toISOString() };
}

/**
 * Submit `url` to every configured archive; returns the copies made and, for
 * each archive that failed, why.
 */
export async function archiveEverywhere(
  url: string,
  settings: ArchiveSettings,
): Promise<{ copies: ArchiveCopy[]; failures: string[] }> {
  const attempts: Promise<ArchiveCopy>[] = [];
  if (settings.wayback) attempts.push(saveToWayback(url, settings.wayback));
  if (settings.perma) attempts.push(saveToPerma(url, settings.perma));
  const results = await Promise.allSettled(attempts);
  const copies: ArchiveCopy[] = [];
  const failures: string[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') copies.push(result.value);
    else failures.push(result.reason instanceof Error ? result.reason.message : String(result.reason));
  }
  return { copies, failures };
}
