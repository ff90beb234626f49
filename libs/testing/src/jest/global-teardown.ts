export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __apexPostgres?: { stop(): Promise<void> } };
  await holder.__apexPostgres?.stop();
}
