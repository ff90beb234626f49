import type { ModelPrice, UnitPrices } from '@apex/contracts';

/** A price entry read from one source file, with the key it has there. */
export interface ParsedEntry extends ModelPrice {
  entry: string;
}

/** A file that cannot be a price book: refused whole, naming entry and field. */
export class PriceFileError extends Error {
  constructor(readonly errors: Array<{ field: string; message: string }>) {
    super(`The price file was refused: ${errors.slice(0, 3).map((e) => `${e.field}: ${e.message}`).join('; ')}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`);
  }
}

export const NO_PRICES: UnitPrices = {
  inputMtok: null, outputMtok: null, cachedInputMtok: null, cacheWrite5mMtok: null, cacheWrite1hMtok: null,
  batchInputMtok: null, batchOutputMtok: null, priorityInputMtok: null, priorityOutputMtok: null,
  priorityCachedInputMtok: null, flexInputMtok: null, flexOutputMtok: null, flexCachedInputMtok: null,
  longContext: null, perRequest: null,
};
