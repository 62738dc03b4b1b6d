import type { TableColumnOptions } from 'typeorm';
import { varchar, type columnTypes } from '@simvault/db';

/**
 * The columns of the audit log (`audit_log`, auth database) and of an app's audit outbox
 * (`audit_outbox`, its own database), one list since the outbox's rows are moved into the log as
 * they are. Both migrations that create the tables read it: a later change to either table is a
 * new migration, never an edit here.
 */
export function auditColumns(t: ReturnType<typeof columnTypes>): TableColumnOptions[] {
  return [
    {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    },
    { name: 'created_at', type: t.timestamp },
    varchar('actor_id', 36, { isNullable: true }),
    varchar('actor', 64),
    varchar('service', 32),
    varchar('action', 64),
    { name: 'target', type: t.text },
    varchar('target_owner_id', 64, { isNullable: true }),
    { name: 'reason', type: t.text, isNullable: true },
  ];
}
