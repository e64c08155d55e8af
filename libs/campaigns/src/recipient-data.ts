import type { ContactLanguage } from '@app/crm';
import { EntityManager } from 'typeorm';
import type { RecipientData } from './render-context';

export interface RecipientRow extends RecipientData {
  contactId: string;
  language: ContactLanguage;
}

/**
 * The columns of a RecipientRow over contacts aliased `c` joined with RECIPIENT_DATA_JOINS; shared with the
 * sending job's claim, which loads them in the same statement.
 */
export const RECIPIENT_DATA_COLUMNS = `c.id AS "contactId", c.first_name AS "firstName", c.last_name AS "lastName",
            c.email, c.title, c.language, o.name AS "organizationName", o.short_name AS "organizationShortName",
            coalesce(r.name, orr.name) AS "regionName"`;
export const RECIPIENT_DATA_JOINS = `LEFT JOIN organizations o ON o.id = c.organization_id
       LEFT JOIN regions r ON r.id = c.region_id
       LEFT JOIN regions orr ON orr.id = o.region_id`;

/** A contact with its organisation's and region's names: what a template may show about a recipient. */
export async function loadRecipientData(m: EntityManager, contactId: string): Promise<RecipientRow | null> {
  const rows: RecipientRow[] = await m.query(
    `SELECT ${RECIPIENT_DATA_COLUMNS}
       FROM contacts c
       ${RECIPIENT_DATA_JOINS}
      WHERE c.id = $1`,
    [contactId],
  );
  return rows[0] ?? null;
}

/** Stand-in data for a preview or test send without a chosen contact. */
export const SAMPLE_RECIPIENT: RecipientData = {
  firstName: 'Anna',
  lastName: 'Andersson',
  email: 'anna.andersson@example.se',
  title: 'Kulturchef',
  organizationName: 'Exempelförbundet',
  organizationShortName: 'EF',
  regionName: 'Region Exempel',
};
