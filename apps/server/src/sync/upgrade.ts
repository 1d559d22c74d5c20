/**
 * The WebSocket upgrade of the sync path: only from this site's pages, and a
 * socket must authenticate in time and may send only a little before it does.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { ServerConfig } from '../config.ts';
import { originAllowed } from '../http/guard.ts';
import type { Sync } from './assembly.ts';
import { CLOSE_AUTH_TIMEOUT, CLOSE_TOO_LARGE } from './gate-extension.ts';

/** Path of the Yjs sync WebSocket. */
export const COLLAB_PATH = '/collab';

/** Take the HTTP server's upgrades to {@link COLLAB_PATH} into Hocuspocus; returns the WebSocket server. */
export function acceptSyncUpgrades(server: Server, sync: Sync, config: ServerConfig, log: Logger): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
  server.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== COLLAB_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    if (!originAllowed(request.headers.origin, request.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // ws closes the socket itself (1009 for an oversized message); the error must not go unhandled.
      ws.on('error', (error) => log.warn({ err: error }, 'sync socket error'));
      const timer = setTimeout(() => {
        if (!sync.authenticated.has(ws)) ws.close(CLOSE_AUTH_TIMEOUT, 'Signing in to the document took too long');
      }, config.authTimeoutMs);
      ws.on('close', () => clearTimeout(timer));
      let unauthenticatedBytes = 0;
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        if (sync.authenticated.has(ws)) return;
        unauthenticatedBytes += Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
        if (unauthenticatedBytes > config.maxUnauthenticatedBytes)
          ws.close(CLOSE_TOO_LARGE, 'Too much data before signing in');
      });
      sync.hocuspocus.handleConnection(ws, request);
    });
  });
  return wss;
}
