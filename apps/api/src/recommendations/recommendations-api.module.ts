import { Module } from '@nestjs/common';
import { OptimizerModule } from '@apex/optimizer';
import { RecommendationsController } from './recommendations.controller';

@Module({
  imports: [OptimizerModule],
  controllers: [RecommendationsController],
})
export class RecommendationsApiModule {}
