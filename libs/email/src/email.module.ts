import { Module } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { AppConfig } from '@apex/config';
import { EmailActivitiesService } from './email-activities';
import { EmailOutboxService, MAIL_TRANSPORT } from './email-outbox.service';
import { TemplateRenderer } from './template-renderer';

@Module({
  providers: [
    { provide: MAIL_TRANSPORT, inject: [AppConfig], useFactory: (config: AppConfig) => createTransport(config.email.smtpUrl) },
    { provide: TemplateRenderer, useFactory: () => new TemplateRenderer() },
    EmailOutboxService,
    EmailActivitiesService,
  ],
  exports: [EmailOutboxService, EmailActivitiesService],
})
export class EmailModule {}
