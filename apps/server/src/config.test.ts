/** The source-capture settings: defaults, values, and bad values refused in words. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('source capture settings', () => {
  it('capture on, 10 MiB, 15 s, five redirects and no private address by default', () => {
    expect(loadConfig({}).sources).toEqual({
      capture: true,
      maxBytes: 10 * 1024 * 1024,
      timeoutMs: 15_000,
      maxRedirects: 5,
      allow: [],
      recheckHours: 24,
      archives: { wayback: null, perma: null },
    });
  });

  it('reads each setting, the allowed addresses as a list of CIDRs or addresses', () => {
    const { sources } = loadConfig({
      SOURCE_CAPTURE: 'off',
      SOURCE_MAX_BYTES: '2048',
      SOURCE_TIMEOUT_MS: '500',
      SOURCE_MAX_REDIRECTS: '2',
      SOURCE_FETCH_ALLOW: '127.0.0.1/32, 10.20.0.0/16,fd12::1',
      SOURCE_RECHECK_HOURS: '0',
    });
    expect(sources).toEqual({
      capture: false,
      maxBytes: 2048,
      timeoutMs: 500,
      maxRedirects: 2,
      allow: ['127.0.0.1/32', '10.20.0.0/16', 'fd12::1'],
      recheckHours: 0,
      archives: { wayback: null, perma: null },
    });
  });

  it('configures the archives named, each with its keys, and refuses one without them', () => {
    const { archives } = loadConfig({
      ARCHIVE_PROVIDERS: 'wayback, perma',
      WAYBACK_ACCESS_KEY: 'access',
      WAYBACK_SECRET_KEY: 'secret',
      PERMA_API_KEY: 'key',
      PERMA_API_URL: 'http://127.0.0.1:9/',
    }).sources;
    expect(archives.wayback).toMatchObject({
      endpoint: 'https://web.archive.org',
      accessKey: 'access',
      secret: 'secret',
    });
    expect(archives.perma).toEqual({ endpoint: 'http://127.0.0.1:9', apiKey: 'key', folder: null });
    expect(() => loadConfig({ ARCHIVE_PROVIDERS: 'perma' })).toThrow(/PERMA_API_KEY is needed/);
    expect(() => loadConfig({ ARCHIVE_PROVIDERS: 'archive.today' })).toThrow(
      'ARCHIVE_PROVIDERS takes wayback and perma, got "archive.today"',
    );
    expect(() => loadConfig({ SOURCE_RECHECK_HOURS: 'daily' })).toThrow(
      /SOURCE_RECHECK_HOURS must be a positive integer/,
    );
  });

  it('refuses a bad value with the setting’s name and an example', () => {
    expect(() => loadConfig({ SOURCE_FETCH_ALLOW: 'intranet' })).toThrow(
      'SOURCE_FETCH_ALLOW takes addresses or CIDRs such as 10.1.0.0/16, got "intranet"',
    );
    expect(() => loadConfig({ SOURCE_FETCH_ALLOW: '10.0.0.0/40' })).toThrow(/SOURCE_FETCH_ALLOW/);
    expect(() => loadConfig({ SOURCE_CAPTURE: 'yes' })).toThrow('SOURCE_CAPTURE must be on or off, got "yes"');
    expect(() => loadConfig({ SOURCE_MAX_BYTES: '-1' })).toThrow(/SOURCE_MAX_BYTES must be a positive integer/);
  });
});
