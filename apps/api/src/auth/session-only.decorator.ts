import { SetMetadata } from '@nestjs/common';

export const IS_SESSION_ONLY = 'apex:session-only';

/** People administer the account (keys, members, invitations); an API key calling such a route gets a 403. */
export const SessionOnly = () => SetMetadata(IS_SESSION_ONLY, true);
