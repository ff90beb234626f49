import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { Feature } from '@apex/contracts';
import { FeatureGuard, REQUIRED_FEATURE } from './feature.guard';

/**
 * The route needs a feature of the caller organisation's plan; without it the
 * caller gets a 403 feature-gated problem naming the tier that unlocks it.
 */
export const RequiresFeature = (feature: Feature) =>
  applyDecorators(
    SetMetadata(REQUIRED_FEATURE, feature),
    UseGuards(FeatureGuard),
    ApiForbiddenResponse({ description: `Your plan does not include ${feature} (problem type feature-gated, with the upgrade that unlocks it)` }),
  );
