import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { PriceBook } from './price-book.service';

/** Imports and activates the bundled price files as version 1 when a process starts on an empty price book. */
@Injectable()
export class PriceBookFirstStart implements OnApplicationBootstrap {
  private readonly logger = new Logger(PriceBookFirstStart.name);

  constructor(private readonly priceBook: PriceBook) {}

  async onApplicationBootstrap(): Promise<void> {
    const version = await this.priceBook.importBundledIfEmpty();
    if (version !== null) this.logger.log(`Price book version ${version} imported from the bundled files and activated`);
  }
}

@Module({
  providers: [PriceBook, PriceBookFirstStart],
  exports: [PriceBook],
})
export class PriceBookModule {}
