import { startNodeApp } from '@apex/devstack';
import { workspaceRoot } from '@apex/testing';

/** A process given a wrong or missing setting stops at once and says which and what it expects. */
describe.each(['api', 'worker'])('%s start-up with bad configuration', (app) => {
  async function start(env: Record<string, string>) {
    const lines: string[] = [];
    const child = startNodeApp({
      name: app,
      entry: `apps/${app}/src/main.ts`,
      cwd: workspaceRoot,
      env: { DATABASE_URL: '', TEMPORAL_ADDRESS: '', SMTP_URL: '', JWT_SECRET: '', ...env },
      output: (line) => lines.push(line),
    });
    const code = await child.exited;
    return { code, output: lines.join('\n') };
  }

  it('names every missing variable and exits with a configuration error', async () => {
    const { code, output } = await start({});
    expect(code).toBe(78);
    expect(output).toContain('Invalid configuration:');
    for (const variable of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'JWT_SECRET']) {
      expect(output).toMatch(new RegExp(`${variable}: expected .+ \\(got not set\\)`));
    }
  });

  it('says what a malformed value should look like, without echoing secrets', async () => {
    const { code, output } = await start({
      DATABASE_URL: 'mysql://root:hunter2@db/apex',
      TEMPORAL_ADDRESS: 'localhost:7233',
      SMTP_URL: 'smtp://localhost:1025',
      JWT_SECRET: 'short',
      PORT: 'eighty',
    });
    expect(code).toBe(78);
    expect(output).toMatch(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(output).toMatch(/JWT_SECRET: expected a random secret of at least 32 characters/);
    expect(output).toMatch(/PORT: expected a TCP port number \(got "eighty"\)/);
    expect(output).not.toContain('hunter2');
    expect(output).not.toContain('short');
  });
});
