/**
 * Signing, differentially against the Standard Webhooks specification's own library (`standardwebhooks`): every
 * delivery we sign, over arbitrary secrets, ids and JSON bodies, is accepted by its verifier; a body, id or
 * timestamp changed after signing, or another endpoint's secret, is refused by it.
 */
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { expect, it } from 'vitest';
import { newWebhookSecret, signedHeaders } from './signing.ts';

const secret = fc.uint8Array({ minLength: 16, maxLength: 64 }).map((b) => `whsec_${Buffer.from(b).toString('base64')}`);
const id = fc.stringMatching(/^[A-Za-z0-9:_-]{1,80}$/);

it('signs what the Standard Webhooks verifier accepts, and nothing changed after signing', () => {
  fc.assert(
    fc.property(secret, id, fc.json(), (key, msgId, body) => {
      const headers = signedHeaders(key, msgId, body, Date.now());
      expect(new Webhook(key).verify(body, headers)).toEqual(JSON.parse(body));
      const tampered = `${body} `;
      expect(() => new Webhook(key).verify(tampered, headers)).toThrow();
      expect(() => new Webhook(key).verify(body, { ...headers, 'webhook-id': `${msgId}x` })).toThrow();
      const later = String(Number(headers['webhook-timestamp']) + 1);
      expect(() => new Webhook(key).verify(body, { ...headers, 'webhook-timestamp': later })).toThrow();
    }),
    { numRuns: 300 },
  );
});

it('makes a new 32-byte secret each time, which another endpoint’s signature does not pass', () => {
  const [a, b] = [newWebhookSecret(), newWebhookSecret()];
  expect(a).not.toBe(b);
  expect(Buffer.from(a.slice('whsec_'.length), 'base64')).toHaveLength(32);
  const body = '{"type":"claim.published"}';
  expect(() => new Webhook(b).verify(body, signedHeaders(a, 'msg_1', body, Date.now()))).toThrow();
  // A delivery signed long ago is refused: the timestamp stops replays.
  expect(() => new Webhook(a).verify(body, signedHeaders(a, 'msg_1', body, Date.now() - 3_600_000))).toThrow();
});
