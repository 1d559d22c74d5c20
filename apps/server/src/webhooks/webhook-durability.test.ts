/**
 * Deliveries survive a crash: the server process is killed with SIGKILL while a delivery is under way (the receiver
 * holds the request unanswered), started again, and the event arrives — the same delivery, under the same
 * `webhook-id`, with a valid signature — because it was stored with the change that caused it and leased, not
 * taken, while it was tried.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebhookDelivery } from '@factmark/api';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, expect, it } from 'vitest';
import { ApiClient } from '../test-support/harness.ts';
import { TIPLINE_CLAIM } from '../test-support/hypothesis.ts';
import { freePort, ServerProcess } from '../test-support/process.ts';
import { WebhookReceiver } from '../test-support/webhook-receiver.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'factmark-hook-crash-'));
let server: ServerProcess | undefined;
const receiver = new WebhookReceiver();

afterAll(async () => {
  await server?.kill();
  await receiver.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('delivers an event whose delivery was under way when the server was killed (SIGKILL), after the restart', async () => {
  await receiver.start();
  receiver.answers.set('/hook', 'hang');
  server = await new ServerProcess(await freePort(), {
    DATA_DIR: dataDir,
    WEB_DIST: join(dataDir, 'no-web'),
    SOURCE_FETCH_ALLOW: '127.0.0.1',
    WEBHOOK_TIMEOUT_MS: '1500',
  }).start();
  const ana = await new ApiClient(server.url).signUp('ana@crash.example', 'Ana', server.setupToken);
  const id = await ana.firstDocumentId();
  const made = await ana.request('POST', `/api/documents/${id}/webhooks`, {
    url: `${receiver.base}/hook`,
    events: ['claim.created'],
  });
  const { secret, webhook } = made.body as { secret: string; webhook: { id: string } };
  // A tipline files a claim through the API; its event is stored with the change.
  const filed = await ana.request('POST', `/api/documents/${id}/annotations/import`, TIPLINE_CLAIM);
  expect(filed.status).toBe(200);
  await receiver.until(() => receiver.at('/hook').length === 1, 10_000, 'the first try');
  await server.kill('SIGKILL');
  receiver.answers.set('/hook', 200);
  await server.start();
  await receiver.until(() => receiver.at('/hook').length === 2, 15_000, 'the try after the restart');
  const [first, second] = receiver.at('/hook');
  expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
  const event = new StandardWebhook(secret).verify(second!.body, second!.headers) as {
    type: string;
    data: { annotation: { kind: string; quote: string } };
  };
  expect(event.type).toBe('claim.created');
  expect(event.data.annotation).toMatchObject({ kind: 'claim', quote: 'More than 50,000 soldiers' });
  await expect
    .poll(async () => {
      const listed = await ana.request('GET', `/api/webhooks/${webhook.id}/deliveries`);
      return (listed.body as { deliveries: WebhookDelivery[] }).deliveries.map((d) => [d.state, d.attempts]);
    })
    .toEqual([['delivered', 2]]);
  // Delivered, it is not sent again.
  await new Promise((r) => setTimeout(r, 500));
  expect(receiver.at('/hook')).toHaveLength(2);
}, 60_000);
