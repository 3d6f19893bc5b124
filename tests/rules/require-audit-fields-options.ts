import type { Options } from '../../src/rules/require-audit-fields.js';

/** The rule's defaults as a test writes them out (kept equal to `meta.defaultOptions` by a test). */
export const defaults: Options[0] = {
  actorExpressions: ['userId', 'user.id', 'currentUser.id', 'actorId', 'actor.id', 'ctx.user.id'],
  timestampValue: null,
  auditHelpers: [],
  ignoreProperties: ['lastLoginAt', 'lastLoggedInAt', 'lastSignedInAt', 'lastUsedAt', 'lastSeenAt', 'lastAccessedAt', 'lastActiveAt', 'lastActivityAt', 'lastViewedAt', 'viewedAt', 'lastReadAt', 'readAt'],
  checkWriteCalls: true,
  requireActor: 'when-available',
};

export const withOptions = (options: Partial<Options[0]>): Options => [{ ...defaults, ...options }];
