export * from './enterprise-inquiry.workflow';
export * from './supervisor-run.workflow';
export * from './password-reset.workflow';
export * from './invitation.workflow';
export * from './usage-reconciliation.workflow';
