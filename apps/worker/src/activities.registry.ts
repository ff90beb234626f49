import { Injectable } from '@nestjs/common';
import { EmailActivitiesService } from '@apex/email';
import { EnterpriseInquiryActivitiesService } from '@apex/sales';

/** Every activity the worker offers, each implemented by an injectable service of a feature lib. */
@Injectable()
export class ActivitiesRegistry {
  constructor(
    private readonly email: EmailActivitiesService,
    private readonly inquiries: EnterpriseInquiryActivitiesService,
  ) {}

  all() {
    return { ...this.email.activities(), ...this.inquiries.activities() };
  }
}
