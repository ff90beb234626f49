import { Module } from '@nestjs/common';
import { ValueMetricsModule } from '@apex/costs';
import { MetricsController } from './metrics.controller';

@Module({
  imports: [ValueMetricsModule],
  controllers: [MetricsController],
})
export class MetricsApiModule {}
