import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The user the client authenticated as. */
  user: string | undefined;
  mail: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Messages refused with `reject` (each counts one delivery attempt). */
  rejected: number;
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  port?: number;
  user?: string;
  password?: string;
  /** Refuse every message with this permanent reply, e.g. 550. */
  reject?: number;
  /** Milliseconds to hold each message before accepting it (makes concurrent workers overlap). */
  delayMs?: number;
}

/** A real SMTP server (smtp-server) on 127.0.0.1 that requires AUTH and parses what it receives. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let rejected = 0;
  const server = new SMTPServer({
    // Plain SMTP with AUTH on loopback: TLS is nodemailer's and Node's business, not this test's.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === (options.user ?? 'mailer') && auth.password === (options.password ?? 'pa55word'))
        return callback(null, { user: auth.username });
      callback(new Error('535 Authentication credentials invalid'));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        async (mail) => {
          if (options.delayMs) await new Promise((ok) => setTimeout(ok, options.delayMs));
          if (options.reject) {
            rejected++;
            return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: options.reject }));
          }
          received.push({ user: session.user as string | undefined, mail });
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    get rejected() {
      return rejected;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
