import { signal } from '@angular/core';
import { problemMessage } from './problem-message';
import { blockedRequestOf, FeatureGated } from './upgrade/blocked-request';

/** Where a page puts a failed call: a feature its plan lacks becomes a gated notice, anything else a banner sentence. */
export class PageFailure {
  readonly gated = signal<FeatureGated | null>(null);
  readonly error = signal<string | null>(null);

  /** `describe` words the banner for other failures; a form passes one that also marks its fields. */
  show(error: unknown, describe: (error: unknown) => string = problemMessage): void {
    const block = blockedRequestOf(error);
    if (block?.kind === 'feature') this.gated.set(block);
    else this.error.set(describe(error));
  }
}
