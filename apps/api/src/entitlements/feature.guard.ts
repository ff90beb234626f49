import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Feature } from '@apex/contracts';
import { EntitlementsPort } from '@apex/entitlements';
import { FeatureGate } from '../auth/feature-gate';
import type { RequestWithPrincipal } from '../auth/current-principal.decorator';

export const REQUIRED_FEATURE = 'apex:required-feature';

/** Runs after the global AuthGuard (route guards come after global ones), so the principal is known. */
@Injectable()
export class FeatureGuard implements CanActivate {
  private readonly gate: FeatureGate;

  constructor(
    private readonly reflector: Reflector,
    entitlements: EntitlementsPort,
  ) {
    this.gate = new FeatureGate(entitlements);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const feature = this.reflector.getAllAndOverride<Feature | undefined>(REQUIRED_FEATURE, [context.getHandler(), context.getClass()]);
    if (!feature) return true;
    const { principal } = context.switchToHttp().getRequest<RequestWithPrincipal>();
    // A @Public() route has no organisation to check; gating one is a programming error, so refuse.
    if (!principal) return false;
    await this.gate.require(principal.orgId, feature);
    return true;
  }
}
