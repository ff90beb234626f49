import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseSchema } from '@apex/config';
import { dataSourceOptions } from '../data-source-options';
import { runMigrations } from '../run-migrations';

async function main() {
  const parsed = databaseSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`DATABASE_URL: expected ${parsed.error.issues[0]?.message}`);
    process.exit(1);
  }
  const dataSource = await new DataSource(dataSourceOptions(parsed.data.DATABASE_URL, 2)).initialize();
  try {
    const applied = await runMigrations(dataSource);
    console.log(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'Database is up to date.');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
