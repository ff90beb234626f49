import { Injectable } from '@nestjs/common';
import { PriceBook } from '@apex/pricing';
import type { ProofPrices } from './proof-prices';

/** The active price-book version's prices, each version loaded once per process (a version never changes once imported). */
@Injectable()
export class ProofPriceBook {
  private readonly loaded = new Map<number, Promise<ProofPrices>>();

  constructor(private readonly priceBook: PriceBook) {}

  /** The active version, or null when there is none. */
  async active(): Promise<ProofPrices | null> {
    const version = await this.priceBook.activeVersion();
    return version === null ? null : this.version(version);
  }

  version(version: number): Promise<ProofPrices> {
    let prices = this.loaded.get(version);
    if (!prices) {
      prices = this.priceBook.load(version).then((snapshot) => ({
        version,
        entries: () => snapshot.entries(),
        priceAt: (provider: string, model: string, day: string) => snapshot.priceAt(provider, model, day),
        resolve: (raw: string, providerName: string | null) => snapshot.resolve(raw, providerName),
      }));
      prices.catch(() => this.loaded.delete(version));
      this.loaded.set(version, prices);
    }
    return prices;
  }
}
