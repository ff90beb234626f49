import { SetMetadata } from '@nestjs/common';

export const IS_OPERATOR_ONLY = 'apex:operator-only';

/**
 * The route is for Apex staff (`users.is_operator`) signed in with a session; anyone else gets a 403.
 * API keys never act as operators.
 */
export const OperatorOnly = () => SetMetadata(IS_OPERATOR_ONLY, true);
