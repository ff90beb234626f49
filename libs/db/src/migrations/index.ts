import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { AccountsPlansUsage1764100000000 } from './1764100000000-accounts-plans-usage';
import { MembersAndSessions1764200000000 } from './1764200000000-members-and-sessions';
import { CostData1764300000000 } from './1764300000000-cost-data';
import { CostIngestion1764360000000 } from './1764360000000-cost-ingestion';
import { Billing1764400000000 } from './1764400000000-billing';
import { EnterpriseContracts1764500000000 } from './1764500000000-enterprise-contracts';
import { PriceBook1764600000000 } from './1764600000000-price-book';
import { Optimizer1764610000000 } from './1764610000000-optimizer';
import { CostCommitments1764620000000 } from './1764620000000-cost-commitments';
import { Proofs1764630000000 } from './1764630000000-proofs';
import { CostRowsCloudIndex1764640000000 } from './1764640000000-cost-rows-cloud-index';
import { SandboxOrganizations1764660000000 } from './1764660000000-sandbox-organizations';
import { CostRollups1764670000000 } from './1764670000000-cost-rollups';
import { CostUploadWarnings1764680000000 } from './1764680000000-cost-upload-warnings';
import { EnterpriseInquiryTokens1764690000000 } from './1764690000000-enterprise-inquiry-tokens';
import { AuthThrottling1764700000000 } from './1764700000000-auth-throttling';
import { CostSourceFormat1764710000000 } from './1764710000000-cost-source-format';
import { PlanCostDataLimits1764720000000 } from './1764720000000-plan-cost-data-limits';
import { EmailVerification1764730000000 } from './1764730000000-email-verification';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  AccountsPlansUsage1764100000000,
  MembersAndSessions1764200000000,
  CostData1764300000000,
  CostIngestion1764360000000,
  Billing1764400000000,
  EnterpriseContracts1764500000000,
  PriceBook1764600000000,
  Optimizer1764610000000,
  CostCommitments1764620000000,
  Proofs1764630000000,
  CostRowsCloudIndex1764640000000,
  SandboxOrganizations1764660000000,
  CostRollups1764670000000,
  CostUploadWarnings1764680000000,
  EnterpriseInquiryTokens1764690000000,
  AuthThrottling1764700000000,
  CostSourceFormat1764710000000,
  PlanCostDataLimits1764720000000,
  EmailVerification1764730000000,
];
