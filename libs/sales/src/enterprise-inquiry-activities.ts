import { Injectable } from '@nestjs/common';
import type { EnterpriseInquiryActivities } from '@apex/contracts';
import { EnterpriseInquiryService } from './enterprise-inquiry.service';

@Injectable()
export class EnterpriseInquiryActivitiesService {
  constructor(private readonly inquiries: EnterpriseInquiryService) {}

  activities(): EnterpriseInquiryActivities {
    return {
      recordInquiry: (input) => this.inquiries.record(input.id, input),
      markInquiryAcknowledged: (id) => this.inquiries.markAcknowledged(id),
    };
  }
}
