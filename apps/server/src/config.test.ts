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
    });
  });

  it('reads each setting, the allowed addresses as a list of CIDRs or addresses', () => {
    const { sources } = loadConfig({
      SOURCE_CAPTURE: 'off',
      SOURCE_MAX_BYTES: '2048',
      SOURCE_TIMEOUT_MS: '500',
      SOURCE_MAX_REDIRECTS: '2',
      SOURCE_FETCH_ALLOW: '127.0.0.1/32, 10.20.0.0/16,fd12::1',
    });
    expect(sources).toEqual({
      capture: false,
      maxBytes: 2048,
      timeoutMs: 500,
      maxRedirects: 2,
      allow: ['127.0.0.1/32', '10.20.0.0/16', 'fd12::1'],
    });
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
