import { DataSource } from 'typeorm';

export { startSink } from '../../../../../test/support/smtp-sink';
export type { Received, Sink, SinkAnswer } from '../../../../../test/support/smtp-sink';

export const TEMPLATE_MJML_SV = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hej {{default firstName "du"}} {{lastName}} på {{organization.name}} i {{region.name}}!</mj-text>
<mj-text><a href="{{unsubscribeUrl}}">Avsluta prenumerationen</a> · <a href="{{viewInBrowserUrl}}">Läs i webbläsaren</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

export const TEMPLATE_MJML_EN = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hello {{default firstName "there"}} {{lastName}}!</mj-text>
<mj-text><a href="{{unsubscribeUrl}}">Unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/** A template with one version (Swedish and English), written directly as the template API would. */
export async function createTemplate(
  db: DataSource,
  name = 'Utskickstest',
): Promise<{ templateId: string; versionId: string }> {
  return db.transaction(async (m) => {
    const [t]: { id: string }[] = await m.query(`INSERT INTO templates (name) VALUES ($1) RETURNING id`, [
      name,
    ]);
    const [v]: { id: string }[] = await m.query(
      `INSERT INTO template_versions (template_id, version, subject_sv, mjml_sv, subject_en, mjml_en)
       VALUES ($1, 1, 'Information till {{organization.name}}', $2, 'News for {{firstName}}', $3) RETURNING id`,
      [t.id, TEMPLATE_MJML_SV, TEMPLATE_MJML_EN],
    );
    await m.query(`UPDATE templates SET current_version_id = $2 WHERE id = $1`, [t.id, v.id]);
    return { templateId: t.id, versionId: v.id };
  });
}

/**
 * `count` contacts "Förnamn{i} Efternamn{i}" <person{i}@{domain}>, every fifth in English, all in one organisation
 * in Region Dalarna, members of a new list. Returns the list id.
 */
export async function seedContacts(db: DataSource, count: number, prefix: string): Promise<string> {
  const [org]: { id: string }[] = await db.query(
    `INSERT INTO organizations (kind, name, name_key, region_id)
     VALUES ('member', $1, $2, (SELECT id FROM regions WHERE name = 'Region Dalarna')) RETURNING id`,
    [`Förbundet ${prefix}`, `forbundet ${prefix}`.toLowerCase()],
  );
  const [list]: { id: string }[] = await db.query(
    `INSERT INTO contact_lists (name) VALUES ($1) RETURNING id`,
    [`Lista ${prefix}`],
  );
  await db.query(
    `WITH created AS (
       INSERT INTO contacts (first_name, last_name, email, language, organization_id, created_at)
       SELECT 'Förnamn' || i, 'Efternamn' || i, lower($1) || i || '@exempel.se',
              CASE WHEN i % 5 = 0 THEN 'en' ELSE 'sv' END, $2, now() + i * interval '1 millisecond'
         FROM generate_series(1, $3::int) i
       RETURNING id)
     INSERT INTO contact_list_members (list_id, contact_id) SELECT $4, id FROM created`,
    [prefix, org.id, count, list.id],
  );
  return list.id;
}

export async function createCampaign(
  db: DataSource,
  templateId: string,
  audience: object,
  extra: { status?: string; scheduledAt?: Date; subject?: string } = {},
): Promise<string> {
  const [c]: { id: string }[] = await db.query(
    `INSERT INTO campaigns (name, status, audience, template_id, subject, from_name, from_address, reply_to, scheduled_at)
     VALUES ('Testkampanj', $1, $2, $3, $4, 'Förbundets kansli', 'kansli@example.se', 'svar@example.se', $5)
     RETURNING id`,
    [
      extra.status ?? 'draft',
      JSON.stringify(audience),
      templateId,
      extra.subject ?? null,
      extra.scheduledAt ?? null,
    ],
  );
  return c.id;
}

export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Tidsgränsen nåddes; senast: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function recipientStatuses(db: DataSource, campaignId: string): Promise<Record<string, number>> {
  const rows: { status: string; n: string }[] = await db.query(
    `SELECT status, count(*) AS n FROM mailing_recipients WHERE mailing_id = $1 GROUP BY status`,
    [campaignId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
