import { Module } from '@nestjs/common';
import { EnterpriseInquiryActivitiesService } from './enterprise-inquiry-activities';
import { EnterpriseInquiryService } from './enterprise-inquiry.service';

@Module({
  providers: [EnterpriseInquiryService, EnterpriseInquiryActivitiesService],
  exports: [EnterpriseInquiryService, EnterpriseInquiryActivitiesService],
})
export class SalesModule {}
