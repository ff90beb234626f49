import { Injectable } from '@nestjs/common';
import { AccountEmailActivitiesService } from '@apex/accounts';
import { BillingActivitiesService } from '@apex/billing';
import { CostIngestionActivitiesService } from '@apex/costs';
import { EmailActivitiesService } from '@apex/email';
import { UsageReconciliationActivitiesService } from '@apex/metering';
import { OptimizerActivitiesService } from '@apex/optimizer';
import { ProofActivitiesService } from '@apex/proofs';
import { SupervisorRunActivitiesService } from '@apex/runs';
import { EnterpriseInquiryActivitiesService } from '@apex/sales';
import { SandboxActivitiesService } from '@apex/sandbox';

/** Every activity the worker offers, each implemented by an injectable service of a feature lib. */
@Injectable()
export class ActivitiesRegistry {
  constructor(
    private readonly email: EmailActivitiesService,
    private readonly accountEmails: AccountEmailActivitiesService,
    private readonly inquiries: EnterpriseInquiryActivitiesService,
    private readonly usageReconciliation: UsageReconciliationActivitiesService,
    private readonly supervisorRuns: SupervisorRunActivitiesService,
    private readonly optimizer: OptimizerActivitiesService,
    private readonly costIngestion: CostIngestionActivitiesService,
    private readonly billing: BillingActivitiesService,
    private readonly proofs: ProofActivitiesService,
    private readonly sandboxes: SandboxActivitiesService,
  ) {}

  all() {
    return { ...this.email.activities(), ...this.accountEmails.activities(), ...this.inquiries.activities(), ...this.usageReconciliation.activities(), ...this.supervisorRuns.activities(), ...this.optimizer.activities(), ...this.costIngestion.activities(), ...this.billing.activities(), ...this.proofs.activities(), ...this.sandboxes.activities() };
  }
}
