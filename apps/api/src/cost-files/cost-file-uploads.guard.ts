import { CanActivate, Injectable } from '@nestjs/common';
import { ProblemType } from '@apex/contracts';
import { FeatureFlagsPort } from '@apex/entitlements';
import { ProblemException } from '@apex/http';

/** Cost files, like cost connections, exist only while the runtime flag `cloud_billing_integration` is on. */
@Injectable()
export class CostFileUploadsGuard implements CanActivate {
  constructor(private readonly flags: FeatureFlagsPort) {}

  async canActivate(): Promise<boolean> {
    if (await this.flags.isEnabled('cloud_billing_integration')) return true;
    throw new ProblemException({
      type: ProblemType.cloudBillingDisabled,
      title: 'Cost data is turned off',
      status: 403,
      detail: 'Uploading and viewing cost files is switched off for now (feature flag cloud_billing_integration); nothing was read or stored.',
      flag: 'cloud_billing_integration',
    });
  }
}
