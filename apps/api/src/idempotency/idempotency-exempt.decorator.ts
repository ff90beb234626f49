import { SetMetadata } from '@nestjs/common';

export const IS_IDEMPOTENCY_EXEMPT = 'apex:idempotency-exempt';

/**
 * The route's responses are never stored for replay under an Idempotency-Key:
 * for POSTs that return secrets or create nothing. @Public() routes are exempt
 * already (their callers have no organisation to scope the key to).
 */
export const IdempotencyExempt = () => SetMetadata(IS_IDEMPOTENCY_EXEMPT, true);
