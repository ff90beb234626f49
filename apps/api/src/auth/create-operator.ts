import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { NotAnOperatorAccountError, OperatorsService } from '@apex/accounts';
import { databaseSchema } from '@apex/config';
import { dataSourceOptions, runMigrations } from '@apex/db';

const USAGE = `Creates an Apex operator (staff) account, or sets a new password for an existing one.

  npx nx run api:create-operator -- --email ops@apex.example --name "Ops" [--password ...]

The password comes from --password or, to keep it out of the shell history, OPERATOR_PASSWORD.
DATABASE_URL names the database.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) return console.log(USAGE);
  const email = values.email?.trim() ?? '';
  const password = values.password ?? process.env['OPERATOR_PASSWORD'] ?? '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) fail('--email must be an email address');
  if (password.length < 12 || password.length > 200) fail('The password must be 12 to 200 characters long');
  const database = databaseSchema.safeParse(process.env);
  if (!database.success) fail(`DATABASE_URL: expected ${database.error.issues[0]?.message}`);

  // Two connections: runMigrations holds one for its advisory lock while it migrates on the other.
  const dataSource = await new DataSource(dataSourceOptions(database.data.DATABASE_URL, 2)).initialize();
  try {
    await runMigrations(dataSource);
    const result = await new OperatorsService(dataSource).createOrUpdate({ email, password, name: values.name?.trim() || 'Apex operator' });
    console.log(result.created ? `Operator ${email} created (${result.userId}).` : `Operator ${email} already existed: password changed, sessions ended.`);
  } catch (error) {
    if (error instanceof NotAnOperatorAccountError) fail(error.message);
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
