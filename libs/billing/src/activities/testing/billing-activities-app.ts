import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigModule } from '@apex/config';
import { DbModule } from '@apex/db';
import { BillingActivitiesModule } from '../billing-activities.module';

/** The billing activities as the worker builds them (config, database, modules), for the activities' tests. */
export async function createBillingActivitiesApp(config: AppConfig): Promise<INestApplicationContext> {
  @Module({ imports: [ConfigModule.forRoot(config), DbModule.forRoot(), BillingActivitiesModule] })
  class BillingActivitiesTestModule {}
  return NestFactory.createApplicationContext(BillingActivitiesTestModule, { logger: false });
}
