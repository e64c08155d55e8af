import { QueryFailedError } from 'typeorm';

interface PgDriverError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** PostgreSQL's unique_violation (23505), optionally for one named constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = err.driverError as PgDriverError;
  return driver.code === '23505' && (constraint === undefined || driver.constraint === constraint);
}

/** PostgreSQL's foreign_key_violation (23503). */
export function isForeignKeyViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as PgDriverError).code === '23503';
}
