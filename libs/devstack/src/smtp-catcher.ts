import { fork } from 'node:child_process';
import { join } from 'node:path';
import { waitForPort } from './ports';

export interface CaughtEmail {
  id: string;
  subject: string;
  text: string;
  html: string;
  from: { address: string; name: string }[];
  to: { address: string; name: string }[];
  headers: Record<string, string>;
}

export interface SmtpCatcherHandle {
  smtpUrl: string;
  inboxUrl: string;
  /** Every email received so far, oldest first. */
  emails(): Promise<CaughtEmail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/** A real SMTP server (MailDev, in a child process) whose inbox is readable in a browser and over REST. */
export async function startSmtpCatcher(options: {
  smtpPort: number;
  webPort: number;
  mailDirectory: string;
}): Promise<SmtpCatcherHandle> {
  const child = fork(
    join(__dirname, 'maildev-server.mjs'),
    [String(options.smtpPort), String(options.webPort), options.mailDirectory],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const died = exited.then(() => {
    throw new Error(`SMTP catcher exited with code ${child.exitCode}`);
  });
  died.catch(() => undefined);
  await Promise.race([waitForPort(options.smtpPort, 20_000, 'SMTP catcher'), died]);
  await Promise.race([waitForPort(options.webPort, 20_000, 'SMTP catcher inbox'), died]);

  const inboxUrl = `http://127.0.0.1:${options.webPort}`;
  return {
    smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
    inboxUrl,
    async emails() {
      const response = await fetch(`${inboxUrl}/api/email`);
      if (!response.ok) throw new Error(`SMTP catcher answered ${response.status}`);
      const emails = (await response.json()) as (CaughtEmail & { time: string })[];
      return emails.sort((a, b) => a.time.localeCompare(b.time));
    },
    async clear() {
      await fetch(`${inboxUrl}/api/email/all`, { method: 'DELETE' });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
