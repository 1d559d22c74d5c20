/**
 * Webhooks (`/d/<id>/webhooks` for a document's owners, `/webhooks` for the desk's administrators): the endpoints
 * that are told what the desk decides — each with the events it gets and whether it is active or paused (and why),
 * its latest deliveries with their answers, and a form that registers one (its signing secret shown this once).
 */
import { WEBHOOK_EVENTS, type Webhook, type WebhookDelivery, type WebhookEventType } from '@factmark/api';
import { useEffect, useState } from 'react';
import { api, describeError } from './api.ts';
import { ShownOnce } from './ShownOnce.tsx';

/** Each event in words. */
export const EVENT_WORDS: Record<WebhookEventType, string> = {
  'claim.created': 'A claim is marked',
  'claim.verdict_changed': 'A claim’s verdict changes',
  'claim.published': 'A claim is published',
  'correction.accepted': 'A correction is accepted',
  'correction.rejected': 'A correction is rejected',
  'comment.added': 'A message is posted',
  'document.revised': 'The article is revised or a version restored',
};

const STATE_WORDS: Record<WebhookDelivery['state'], string> = {
  pending: 'Waiting',
  delivered: 'Delivered',
  failed: 'Failed',
};

/** The form that registers an endpoint. */
function NewWebhook({ documentId, onMade }: { documentId: string | null; onMade: (secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['claim.published']);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="new-token"
      onSubmit={(e) => {
        e.preventDefault();
        api.webhooks.create(documentId, { url, events }).then(
          ({ secret }) => {
            setUrl('');
            setError(null);
            onMade(secret);
          },
          (failure: unknown) => setError(describeError(failure)),
        );
      }}
    >
      <h2>New webhook</h2>
      <label className="field">
        <span className="field-label">Address (http or https)</span>
        <input
          type="url"
          value={url}
          maxLength={2000}
          required
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://cms.example.org/factmark"
        />
      </label>
      <fieldset>
        <legend>Tell it when</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event}>
            <input
              type="checkbox"
              checked={events.includes(event)}
              onChange={(e) => setEvents(e.target.checked ? [...events, event] : events.filter((x) => x !== event))}
            />{' '}
            {EVENT_WORDS[event]} <code>{event}</code>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary">
        Add the webhook
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

/** An endpoint's latest deliveries: event, when, how it went, and *Send again* for those not waiting. */
function Deliveries(props: {
  host: string;
  deliveries: WebhookDelivery[];
  onSendAgain: (delivery: WebhookDelivery) => void;
}) {
  const { host, deliveries, onSendAgain } = props;
  return (
    <div className="table-scroll">
      <table className="deliveries">
        <caption>Latest deliveries to {host}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">When</th>
            <th scope="col">State</th>
            <th scope="col">Answer</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {deliveries.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                Nothing sent yet.
              </td>
            </tr>
          )}
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td>{EVENT_WORDS[d.event]}</td>
              <td>{d.createdAt.slice(0, 19).replace('T', ' ')}</td>
              <td>
                {STATE_WORDS[d.state]}
                {d.attempts > 1 ? ` after ${d.attempts} tries` : ''}
                {d.nextAttemptAt && d.attempts > 0 ? `, next try ${d.nextAttemptAt.slice(11, 19)}` : ''}
              </td>
              <td>{d.error ?? (d.statusCode ? `HTTP ${d.statusCode}` : '')}</td>
              <td>
                {d.state !== 'pending' && (
                  <button type="button" onClick={() => onSendAgain(d)}>
                    Send again
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One endpoint: its state, its actions, and its deliveries when opened. */
function WebhookRow({ hook, onChanged }: { hook: Webhook; onChanged: () => void }) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(describeError(e));
  const host = new URL(hook.url).host;
  return (
    <li data-webhook={hook.id}>
      <strong>{hook.url}</strong>{' '}
      <span className={hook.pausedAt ? 'error' : 'muted'}>{hook.pausedAt ? 'Paused' : 'Active'}</span>
      <div className="muted">{hook.events.map((e) => EVENT_WORDS[e]).join(' · ')}</div>
      {hook.pauseReason && <p className="muted">{hook.pauseReason}</p>}
      <span className="document-actions">
        <button
          type="button"
          aria-label={`${hook.pausedAt ? 'Resume' : 'Pause'} the webhook to ${host}`}
          onClick={() => api.webhooks.change(hook.id, { paused: !hook.pausedAt }).then(onChanged, fail)}
        >
          {hook.pausedAt ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          aria-expanded={deliveries !== null}
          onClick={() =>
            deliveries ? setDeliveries(null) : api.webhooks.deliveries(hook.id).then(setDeliveries, fail)
          }
        >
          Deliveries
        </button>
        <button
          type="button"
          className="danger"
          aria-label={`Remove the webhook to ${host}`}
          onClick={() => api.webhooks.remove(hook.id).then(onChanged, fail)}
        >
          Remove
        </button>
      </span>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {deliveries && (
        <Deliveries
          host={host}
          deliveries={deliveries}
          onSendAgain={(d) => api.webhooks.redeliver(hook.id, d.id).then(setDeliveries, fail)}
        />
      )}
    </li>
  );
}

/** The page: a document's webhooks (`documentId`) or the desk's (null). */
export function WebhooksPage({ documentId }: { documentId: string | null }) {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [title, setTitle] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.webhooks.list(documentId).then(setHooks, (e: unknown) => setError(describeError(e)));
  // biome-ignore lint/correctness/useExhaustiveDependencies: load reads only documentId.
  useEffect(() => {
    void load();
    if (documentId)
      api.getDocument(documentId).then(
        ({ document }) => setTitle(document.title),
        () => {},
      );
  }, [documentId]);
  return (
    <main className="my-work access-tokens">
      <h1>{documentId ? `Webhooks of “${title}”` : 'Webhooks of the desk'}</h1>
      <p className="muted">
        A webhook tells another system — a CMS, a tipline, a data desk — what happens{' '}
        {documentId ? 'in this document' : 'in every document of the desk'}: Factmark posts each event as JSON, signed
        with the endpoint’s secret (Standard Webhooks), and tries again with growing waits when it is not answered; an
        endpoint that keeps failing is paused and you are told.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {secret && (
        <ShownOnce
          words="Copy the signing secret now: it is not shown again. The receiver checks each delivery with it."
          label="The new webhook's signing secret"
          value={secret}
        />
      )}
      <ul className="work-list" aria-label="Webhooks">
        {hooks?.length === 0 && <li className="muted">No webhooks yet.</li>}
        {hooks?.map((hook) => (
          <WebhookRow key={hook.id} hook={hook} onChanged={() => void load()} />
        ))}
      </ul>
      <NewWebhook
        documentId={documentId}
        onMade={(made) => {
          setSecret(made);
          void load();
        }}
      />
    </main>
  );
}
