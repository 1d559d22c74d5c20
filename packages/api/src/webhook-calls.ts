/**
 * The webhook routes as typed calls (`client.webhooks`): a document's endpoints (its owners) or the desk's
 * (administrators), made with their secret shown once, changed, paused, resumed, removed, and their deliveries
 * listed and sent again.
 */
import type { HttpSession } from './http-session.ts';
import type { RequestBody } from './requests.ts';
import type { NewWebhook, Webhook, WebhookDelivery } from './wire.ts';

/** What an endpoint is told of, and where (the body the route checks). */
export type WebhookInput = RequestBody<'webhook'>;

/** The calls, over one session. */
export class WebhookCalls {
  constructor(private readonly session: HttpSession) {}

  /** The endpoints of document `documentId`, or (null) the desk's. */
  async list(documentId: string | null): Promise<Webhook[]> {
    return (await this.session.call<{ webhooks: Webhook[] }>('GET', base(documentId))).webhooks;
  }

  /** Register an endpoint: it and its signing secret, shown this once. */
  create(documentId: string | null, input: WebhookInput): Promise<NewWebhook> {
    return this.session.call('POST', base(documentId), input);
  }

  /** Change where an endpoint is or what it is told; `paused` pauses it or resumes it. */
  async change(id: string, change: RequestBody<'webhookChange'>): Promise<Webhook> {
    return (await this.session.call<{ webhook: Webhook }>('PATCH', path(id), change)).webhook;
  }

  /** Remove an endpoint and its deliveries. */
  async remove(id: string): Promise<void> {
    await this.session.call('DELETE', path(id));
  }

  /** An endpoint's latest deliveries, newest first. */
  async deliveries(id: string): Promise<WebhookDelivery[]> {
    return (await this.session.call<{ deliveries: WebhookDelivery[] }>('GET', `${path(id)}/deliveries`)).deliveries;
  }

  /** Send a delivery again; the deliveries as they are then. */
  async redeliver(id: string, deliveryId: string): Promise<WebhookDelivery[]> {
    const url = `${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`;
    return (await this.session.call<{ deliveries: WebhookDelivery[] }>('POST', url)).deliveries;
  }
}

const base = (documentId: string | null) =>
  documentId === null ? '/api/webhooks' : `/api/documents/${encodeURIComponent(documentId)}/webhooks`;
const path = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;
