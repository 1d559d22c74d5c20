/**
 * A local stand-in for the web archives, on 127.0.0.1, speaking their HTTP
 * APIs as documented: the Internet Archive's Save Page Now 2 (POST /save,
 * then GET /save/status/:job until "success" with a timestamp) and Perma.cc
 * (POST /v1/archives/ answering a guid). It records every request.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake archive received. */
export interface ArchiveRequest {
  method: string;
  path: string;
  authorization: string;
  body: string;
}

/** The fake archives: base URL, what they received, and a switch that makes them fail. */
export interface FakeArchives {
  base: string;
  requests: ArchiveRequest[];
  failing: boolean;
  close(): Promise<void>;
}

const read = async (req: IncomingMessage) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
};

/** Start both fake archives on one port. */
export async function startFakeArchives(): Promise<FakeArchives> {
  const polls = new Map<string, number>();
  const jobs = new Map<string, string>();
  const fake: FakeArchives = { base: '', requests: [], failing: false, close: async () => {} };
  const server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    const body = await read(req);
    fake.requests.push({
      method: req.method ?? '',
      path,
      authorization: String(req.headers.authorization ?? ''),
      body,
    });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (fake.failing) return json(503, { message: 'Service temporarily unavailable' });
    if (req.method === 'POST' && path === '/save') {
      if (!/^LOW \S+:\S+$/.test(String(req.headers.authorization))) return json(401, { message: 'no keys' });
      const id = `spn2-${jobs.size + 1}`;
      jobs.set(id, new URLSearchParams(body).get('url') ?? '');
      return json(200, { url: jobs.get(id), job_id: id });
    }
    const status = /^\/save\/status\/(.+)$/.exec(path);
    if (req.method === 'GET' && status) {
      const id = decodeURIComponent(status[1] as string);
      const n = (polls.get(id) ?? 0) + 1;
      polls.set(id, n);
      if (n < 2) return json(200, { status: 'pending', job_id: id });
      return json(200, { status: 'success', job_id: id, timestamp: '20261203101500', original_url: jobs.get(id) });
    }
    if (req.method === 'POST' && path === '/v1/archives/') {
      if (!/^ApiKey \S+$/.test(String(req.headers.authorization))) return json(401, { detail: 'no key' });
      const { url } = JSON.parse(body) as { url: string };
      return json(201, { guid: 'AB12-CD34', url, creation_timestamp: '2026-12-03T10:16:00Z' });
    }
    json(404, { message: 'no such endpoint' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
