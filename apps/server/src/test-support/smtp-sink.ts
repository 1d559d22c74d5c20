/**
 * An SMTP server a test starts on 127.0.0.1 (smtp-server from npm), keeping every email it receives parsed
 * (mailparser) — so tests read what Factmark sent without a real mail server.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A received email: its recipients and the parsed message. */
export interface ReceivedMail {
  to: string[];
  mail: ParsedMail;
}

/** The running sink. */
export interface SmtpSink {
  /** The SMTP_URL that sends here. */
  url: string;
  /** Every email received so far, oldest first. */
  received: ReceivedMail[];
  /** Resolves with the first email (received now or later) that `match` accepts; fails after `timeoutMs`. */
  waitFor(match: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Start a sink on a free port of 127.0.0.1. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const waiting = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          for (const wake of waiting) wake();
          done();
        },
        (error: Error) => done(error),
      );
    },
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((found, fail) => {
        const check = () => {
          const hit = received.find(match);
          if (!hit) return;
          waiting.delete(check);
          clearTimeout(timer);
          found(hit);
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          fail(
            new Error(
              `No such email within ${timeoutMs} ms; received: ${received.map((r) => r.mail.subject).join(' | ')}`,
            ),
          );
        }, timeoutMs);
        waiting.add(check);
        check();
      });
    },
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
