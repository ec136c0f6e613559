/**
 * Apps that publish or consume domain events. Each has its own outbox (events waiting to be relayed)
 * and inbox (ids of messages already handled) so that it writes only tables it owns.
 */
export const MESSAGING_APPS = ['api', 'validator', 'planner', 'provisioner', 'configurator', 'audit'] as const;
export type MessagingApp = (typeof MESSAGING_APPS)[number];

export const outboxTable = (app: MessagingApp) => `${app}_outbox`;
export const inboxTable = (app: MessagingApp) => `${app}_inbox`;
