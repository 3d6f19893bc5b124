import noEntityAcrossAsyncBoundary from './no-entity-across-async-boundary.js';
import noUnimportedModels from './no-unimported-models.js';
import requireAuditFields from './require-audit-fields.js';

export const rules = {
  'no-entity-across-async-boundary': noEntityAcrossAsyncBoundary,
  'no-unimported-models': noUnimportedModels,
  'require-audit-fields': requireAuditFields,
};
