import type { ProofVolumes } from '@apex/contracts';
import { Decimal, TokenSplit } from '@apex/domain';

export const toProofVolumes = (split: TokenSplit): ProofVolumes => ({
  uncachedInput: split.uncachedInput.toString(),
  cachedInput: split.cachedInput.toString(),
  output: split.output.toString(),
  requests: split.requests.toString(),
});

export const fromProofVolumes = (volumes: ProofVolumes): TokenSplit => ({
  uncachedInput: Decimal.of(volumes.uncachedInput),
  cachedInput: Decimal.of(volumes.cachedInput),
  output: Decimal.of(volumes.output),
  requests: Decimal.of(volumes.requests),
});
