import { Module } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { AppConfig } from '@apex/config';
import { EmailOutboxService, MAIL_TRANSPORT } from './email-outbox.service';
import { TemplateRenderer } from './template-renderer';

@Module({
  providers: [
    { provide: MAIL_TRANSPORT, inject: [AppConfig], useFactory: (config: AppConfig) => createTransport(config.email.smtpUrl) },
    { provide: TemplateRenderer, useFactory: () => new TemplateRenderer() },
    EmailOutboxService,
  ],
  exports: [EmailOutboxService],
})
export class EmailModule {}
