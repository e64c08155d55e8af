import { AudienceService, Contact } from '@app/crm';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { CampaignAudience } from '../campaign.entity';

export interface SnapshotCounts {
  pending: number;
  suppressed: number;
}

/** SQL for the same hash as emailHash() in @app/crm: SHA-256 hex of trim(lower(address)). */
export const SQL_EMAIL_HASH = (column: string): string =>
  `encode(sha256(convert_to(lower(btrim(${column})), 'UTF8')), 'hex')`;

/** The campaign's audience as a query over contacts aliased `c` (lists and segments through AudienceService). */
export async function audienceQuery(
  audiences: AudienceService,
  audience: CampaignAudience,
  manager: EntityManager,
): Promise<SelectQueryBuilder<Contact>> {
  switch (audience.type) {
    case 'list':
      return audiences.queryFor({ listId: audience.listId }, manager);
    case 'segment':
      return audiences.queryFor({ segmentId: audience.segmentId }, manager);
    case 'contacts':
      return manager
        .getRepository(Contact)
        .createQueryBuilder('c')
        .where('c.id = ANY(CAST(:snapshotIds AS uuid[]))', { snapshotIds: audience.contactIds });
  }
}

/**
 * Copies the audience into the ledger with one INSERT … SELECT: contacts without an address are left out, of
 * several contacts sharing an address (case-insensitively) only the first in audience order (created_at, id)
 * is kept, and suppressed addresses go in as `suppressed` so the ledger says why they got nothing.
 * ON CONFLICT DO NOTHING makes a repeated snapshot add nobody twice. Same rules as the audience preview.
 */
export async function snapshotAudience(
  manager: EntityManager,
  campaignId: string,
  contacts: SelectQueryBuilder<Contact>,
): Promise<SnapshotCounts> {
  const [audienceSql, params] = contacts
    .select('c.id', 'id')
    .addSelect('c.email', 'email')
    .addSelect('c.created_at', 'created_at')
    .andWhere(`c.email IS NOT NULL AND btrim(c.email) <> ''`)
    .orderBy()
    .getQueryAndParameters();
  const campaignParam = `$${params.length + 1}`;
  const rows: { status: string; n: string }[] = await manager.query(
    `WITH audience AS (${audienceSql}),
          firsts AS (
            SELECT DISTINCT ON (lower(btrim(a.email))) a.id, btrim(a.email) AS email
              FROM audience a
             ORDER BY lower(btrim(a.email)), a.created_at, a.id
          ),
          inserted AS (
            INSERT INTO campaign_recipients (campaign_id, contact_id, email, status)
            SELECT ${campaignParam}, f.id, f.email,
                   CASE WHEN EXISTS (SELECT 1 FROM suppressions s WHERE s.email_hash = ${SQL_EMAIL_HASH('f.email')})
                        THEN 'suppressed' ELSE 'pending' END
              FROM firsts f
             ORDER BY f.email
            ON CONFLICT (campaign_id, contact_id) DO NOTHING
            RETURNING status
          )
     SELECT status, count(*) AS n FROM inserted GROUP BY status`,
    [...params, campaignId],
  );
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { pending: count('pending'), suppressed: count('suppressed') };
}
