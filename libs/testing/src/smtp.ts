import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, SmtpCatcherHandle, startSmtpCatcher } from '@apex/devstack';

/** A real SMTP server with an empty inbox of its own, on free ports. */
export async function startTestSmtp(): Promise<SmtpCatcherHandle> {
  const mailDirectory = mkdtempSync(join(tmpdir(), 'apex-test-mail-'));
  const catcher = await startSmtpCatcher({ smtpPort: await freePort(), webPort: await freePort(), mailDirectory });
  return {
    ...catcher,
    async stop() {
      await catcher.stop();
      rmSync(mailDirectory, { recursive: true, force: true });
    },
  };
}
