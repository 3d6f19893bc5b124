import type { JSONSchema } from '@typescript-eslint/utils';

export function renderSettingsTable(schema: JSONSchema.JSONSchema4, defaults: Record<string, unknown>): string;
