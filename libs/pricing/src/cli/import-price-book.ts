import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@apex/db';
import { BUNDLED_PRICE_FILES, PriceBook } from '../price-book.service';

/**
 * Imports a price-book version: `import-price-book [litellm.json genai-prices.json] [--activate]`; without files,
 * the bundled ones. Prints the new version; a file that is not a price file is refused and nothing changes.
 */
async function main(args: string[]): Promise<void> {
  const activate = args.includes('--activate');
  const [litellm = BUNDLED_PRICE_FILES.litellm, genaiPrices = BUNDLED_PRICE_FILES.genaiPrices] = args.filter((a) => !a.startsWith('--'));
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('Set DATABASE_URL to the database to import into.');
  const db = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    const version = await new PriceBook(db).importVersion({ litellm: readFileSync(litellm), genaiPrices: readFileSync(genaiPrices) }, null, activate);
    console.log(`Price book version ${version} imported${activate ? ' and activated' : ' as a draft'}.`);
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
