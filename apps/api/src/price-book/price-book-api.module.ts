import { Module } from '@nestjs/common';
import { PriceBookModule } from '@apex/pricing';
import { PriceBookAdminController } from './price-book-admin.controller';

/** Operators' price-book routes: versions, their diff against the active one, import and activation. */
@Module({
  imports: [PriceBookModule],
  controllers: [PriceBookAdminController],
})
export class PriceBookApiModule {}
