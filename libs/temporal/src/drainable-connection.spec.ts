import { createServer } from 'node:net';
import { DrainableConnection } from './drainable-connection';

/** A port on which nothing listens: every call fails UNAVAILABLE and the client schedules a retry. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('DrainableConnection', () => {
  it('closing while a failed call waits to be retried ends that call instead of leaving a retry to fire on a closed channel', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const drainable = new DrainableConnection(`127.0.0.1:${await deadPort()}`);
      const call = drainable.connection.workflowService.getSystemInfo({}).then(
        () => 'answered',
        (error: Error) => error.message,
      );
      // Let the first attempt fail and its retry be scheduled.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await drainable.close();
      expect(await call).toMatch(/UNAVAILABLE|No connection established|connect/i);
      // Longer than any retry the first failures could have scheduled.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
