import type { EntityManager } from 'typeorm';
import { contactSearchText } from './contact-filter';

const BATCH = 2000;

/**
 * Recomputes contacts.search_text for every contact of one organisation, e.g. after it was renamed or before it
 * is deleted (then `organizationName` is null). Batched by id so an organisation with many contacts neither
 * holds a huge result in memory nor sends one giant statement.
 */
export async function refreshSearchTextForOrganization(
  manager: EntityManager,
  organizationId: string,
  organizationName: string | null,
): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let updated = 0;
  for (;;) {
    const rows: { id: string; first_name: string; last_name: string; email: string | null }[] =
      await manager.query(
        `SELECT id, first_name, last_name, email FROM contacts
          WHERE organization_id = $1 AND id > $2 ORDER BY id LIMIT ${BATCH}`,
        [organizationId, after],
      );
    if (rows.length === 0) return updated;
    const texts = rows.map((r) =>
      contactSearchText({
        firstName: r.first_name,
        lastName: r.last_name,
        email: r.email,
        organizationName,
      }),
    );
    await manager.query(
      `UPDATE contacts c SET search_text = v.t
         FROM unnest($1::uuid[], $2::text[]) AS v(id, t)
        WHERE c.id = v.id`,
      [rows.map((r) => r.id), texts],
    );
    updated += rows.length;
    after = rows[rows.length - 1].id;
  }
}
