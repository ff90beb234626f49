import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { EmailActivities, SendEmailRequest } from '@apex/contracts';
import { EmailOutboxService } from './email-outbox.service';
import { MissingTemplateVariableError, UnknownTemplateError } from './template-renderer';

/** The `sendEmail` activity. A template error will not heal on retry, so it fails at once. */
@Injectable()
export class EmailActivitiesService {
  constructor(private readonly outbox: EmailOutboxService) {}

  activities(): EmailActivities {
    return {
      sendEmail: async (request: SendEmailRequest) => {
        try {
          return await this.outbox.send(request);
        } catch (error) {
          if (error instanceof UnknownTemplateError || error instanceof MissingTemplateVariableError) {
            throw ApplicationFailure.nonRetryable(error.message, error.name);
          }
          throw error;
        }
      },
    };
  }
}
