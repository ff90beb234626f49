import { CanActivate, Injectable } from '@nestjs/common';
import { ProblemType } from '@apex/contracts';
import { FeatureFlagsPort } from '@apex/entitlements';
import { ProblemException } from '@apex/http';

/** Cost connections exist only while the runtime flag `cloud_billing_integration` is on. */
@Injectable()
export class CloudBillingGuard implements CanActivate {
  constructor(private readonly flags: FeatureFlagsPort) {}

  async canActivate(): Promise<boolean> {
    if (await this.flags.isEnabled('cloud_billing_integration')) return true;
    throw new ProblemException({
      type: ProblemType.cloudBillingDisabled,
      title: 'Cloud billing connections are turned off',
      status: 403,
      detail: 'Connecting cloud and AI provider accounts is switched off for now; nothing was read or changed.',
      flag: 'cloud_billing_integration',
    });
  }
}
