import { Module } from '@nestjs/common';
import { RoiModule } from '@apex/proofs';
import { RoiController } from './roi.controller';

@Module({
  imports: [RoiModule],
  controllers: [RoiController],
})
export class RoiApiModule {}
