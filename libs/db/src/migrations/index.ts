import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { AccountsPlansUsage1764100000000 } from './1764100000000-accounts-plans-usage';
import { MembersAndSessions1764200000000 } from './1764200000000-members-and-sessions';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  AccountsPlansUsage1764100000000,
  MembersAndSessions1764200000000,
];
