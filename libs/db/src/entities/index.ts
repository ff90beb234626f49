import { EmailOutboxEntry } from './email-outbox-entry.entity';
import { EnterpriseInquiry } from './enterprise-inquiry.entity';

export { EmailOutboxEntry, EnterpriseInquiry };
export type { EmailOutboxStatus } from './email-outbox-entry.entity';

export const ENTITIES = [EmailOutboxEntry, EnterpriseInquiry];
