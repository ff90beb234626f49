import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { tap } from 'rxjs';
import { blockedRequestOf } from './blocked-request';
import { UpgradePrompt } from './upgrade-prompt';

/**
 * Whenever the plan stops a request (429 limit reached, 403 feature gated), tells
 * the user what stopped them and what the next plan offers. The error still
 * reaches the caller, which may say more in place.
 */
export const upgradePromptInterceptor: HttpInterceptorFn = (request, next) => {
  const prompt = inject(UpgradePrompt);
  return next(request).pipe(
    tap({
      error: (error: unknown) => {
        const block = blockedRequestOf(error);
        if (block) prompt.show(block);
      },
    }),
  );
};
