import { emailHash, SuppressionsService } from '@app/crm';
import { createUserAndLogin, loginAsAdmin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Suppression on the contact: shown on GET /api/contacts/:id and in the list, lifted by an admin with a reason
 * (DELETE /api/contacts/:id/suppression), added by hand by an editor (POST …/suppression, POST /api/suppressions),
 * every change audited without the address, and what the sending engine sees follows at once.
 */
describe('suppression on the contact (over HTTP)', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let editor: LoggedIn;
  let viewer: LoggedIn;
  const ids: Record<string, string> = {};

  interface AuditRow {
    actor_user_id: string | null;
    action: string;
    target_type: string | null;
    target_id: string | null;
    details: Record<string, unknown>;
  }

  const auditRows = (action: string): Promise<AuditRow[]> =>
    t.dataSource.query(
      `SELECT actor_user_id, action, target_type, target_id, details FROM audit_log
        WHERE action = $1 ORDER BY id`,
      [action],
    );

  /** No audit entry may hold an address (the suppression table itself keeps only hashes). */
  async function expectNoAddressInAudit(): Promise<void> {
    const rows = await t.dataSource.query(`SELECT * FROM audit_log`);
    expect(rows.filter((r: AuditRow) => r.action.startsWith('contact.suppress')).length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/@exempel\.se/i);
  }

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    admin = await loginAsAdmin(t);
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
    for (const [key, firstName, email] of [
      ['anna', 'Anna', 'anna@exempel.se'],
      ['bertil', 'Bertil', 'bertil@exempel.se'],
      ['cecilia', 'Cecilia', 'cecilia@exempel.se'],
      ['utan', 'Utan', null],
    ]) {
      const res = await editor
        .post('/api/contacts')
        .send({ firstName, lastName: 'Spärrsson', email })
        .expect(201);
      ids[key as string] = res.body.id;
    }
    // Anna unsubscribed through a mail's link (as the unsubscribe page records it).
    await t.app.get(SuppressionsService).suppress('Anna@Exempel.se', 'unsubscribed', 'mailing:utskick-1');
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the suppression on the contact and in the list, null where there is none', async () => {
    const anna = await viewer.get(`/api/contacts/${ids.anna}`).expect(200);
    expect(anna.body.suppression).toEqual({
      reason: 'unsubscribed',
      since: expect.any(String),
      source: 'mailing:utskick-1',
    });
    expect(Date.parse(anna.body.suppression.since)).toBeGreaterThan(Date.now() - 60_000);
    expect((await viewer.get(`/api/contacts/${ids.bertil}`).expect(200)).body.suppression).toBeNull();
    expect((await viewer.get(`/api/contacts/${ids.utan}`).expect(200)).body.suppression).toBeNull();
    const list = await viewer.get('/api/contacts').query({ q: 'sparrsson' }).expect(200);
    const byName = Object.fromEntries(
      list.body.items.map((c: { firstName: string; suppression: { reason: string } | null }) => [
        c.firstName,
        c.suppression?.reason ?? null,
      ]),
    );
    expect(byName).toEqual({ Anna: 'unsubscribed', Bertil: null, Cecilia: null, Utan: null });
  });

  it('lets only admins lift a suppression, and only with a reason', async () => {
    const reason = { reason: 'Avregistrerade sig av misstag, bad om utskick igen' };
    await viewer.delete(`/api/contacts/${ids.anna}/suppression`).send(reason).expect(403);
    const byEditor = await editor.delete(`/api/contacts/${ids.anna}/suppression`).send(reason).expect(403);
    expect(byEditor.body.message).toMatch(/behörighet|roll/i);
    const noReason = await admin.delete(`/api/contacts/${ids.anna}/suppression`).expect(400);
    expect(noReason.body.message).toBe('reason: ange varför adressen hävs');
    await admin.delete(`/api/contacts/${ids.anna}/suppression`).send({ reason: '   ' }).expect(400);
    expect((await viewer.get(`/api/contacts/${ids.anna}`)).body.suppression).not.toBeNull();

    const lifted = await admin.delete(`/api/contacts/${ids.anna}/suppression`).send(reason).expect(200);
    expect(lifted.body).toMatchObject({ id: ids.anna, suppression: null });
    expect(await t.app.get(SuppressionsService).isSuppressed('anna@exempel.se')).toBe(false);
    const [row] = await auditRows('contact.suppression_lifted');
    expect(row).toMatchObject({
      actor_user_id: admin.user.id,
      target_type: 'contact',
      target_id: ids.anna,
      details: {
        reason: reason.reason,
        liftedReason: 'unsubscribed',
        suppressedBy: 'mailing:utskick-1',
        suppressedSince: expect.any(String),
      },
    });
    const again = await admin.delete(`/api/contacts/${ids.anna}/suppression`).send(reason).expect(404);
    expect(again.body.message).toBe('Kontaktens adress är inte spärrad');
    await admin
      .delete('/api/contacts/00000000-0000-4000-8000-000000000000/suppression')
      .send(reason)
      .expect(404);
  });

  it('lets editors block an address by hand (reason manual), once, audited with the reason', async () => {
    await viewer.post(`/api/contacts/${ids.bertil}/suppression`).send({ reason: 'Nej' }).expect(403);
    const missing = await editor.post(`/api/contacts/${ids.bertil}/suppression`).send({}).expect(400);
    expect(missing.body.message).toMatch(/^reason: /);
    const res = await editor
      .post(`/api/contacts/${ids.bertil}/suppression`)
      .send({ reason: 'Bad per telefon att slippa utskick' })
      .expect(201);
    expect(res.body.suppression).toMatchObject({ reason: 'manual', source: `staff:${editor.user.id}` });
    const twice = await editor
      .post(`/api/contacts/${ids.bertil}/suppression`)
      .send({ reason: 'Igen' })
      .expect(409);
    expect(twice.body.message).toMatch(
      /^Adressen är redan spärrad \(spärrad för hand sedan \d{4}-\d{2}-\d{2}\)$/,
    );
    const noAddress = await editor
      .post(`/api/contacts/${ids.utan}/suppression`)
      .send({ reason: 'Nej' })
      .expect(409);
    expect(noAddress.body.message).toBe('Kontakten har ingen e-postadress att spärra');
    const rows = await auditRows('contact.suppressed');
    expect(rows).toEqual([
      {
        actor_user_id: editor.user.id,
        action: 'contact.suppressed',
        target_type: 'contact',
        target_id: ids.bertil,
        details: { reason: 'Bad per telefon att slippa utskick', suppressionReason: 'manual' },
      },
    ]);
    expect((await viewer.get(`/api/contacts/${ids.bertil}`)).body.suppression.reason).toBe('manual');
  });

  it('blocks an address no contact has (POST /api/suppressions), auditing its hash, never the address', async () => {
    await viewer.post('/api/suppressions').send({ email: 'okand@exempel.se', reason: 'Nej' }).expect(403);
    const bad = await editor
      .post('/api/suppressions')
      .send({ email: 'inte en adress', reason: 'Nej' })
      .expect(400);
    expect(bad.body.message).toBe('email: ogiltig e-postadress');
    await editor.post('/api/suppressions').send({ email: 'okand@exempel.se' }).expect(400);

    const res = await editor
      .post('/api/suppressions')
      .send({ email: ' Okand@Exempel.se ', reason: 'Bad om att aldrig få utskick' })
      .expect(201);
    expect(res.body).toEqual({
      contactId: null,
      suppression: { reason: 'manual', since: expect.any(String), source: `staff:${editor.user.id}` },
    });
    const [row] = (await auditRows('contact.suppressed')).filter((r) => r.target_type === 'suppression');
    expect(row).toMatchObject({
      actor_user_id: editor.user.id,
      target_id: emailHash('okand@exempel.se'),
      details: { reason: 'Bad om att aldrig få utskick', byAddress: true },
    });
    await editor.post('/api/suppressions').send({ email: 'okand@exempel.se', reason: 'Igen' }).expect(409);

    // An address a contact has: the block shows on the contact, and the audit names the contact.
    const cecilia = await editor
      .post('/api/suppressions')
      .send({ email: 'cecilia@exempel.se', reason: 'Bad per brev' })
      .expect(201);
    expect(cecilia.body.contactId).toBe(ids.cecilia);
    expect((await viewer.get(`/api/contacts/${ids.cecilia}`)).body.suppression.reason).toBe('manual');
    // Someone added later with the blocked address is blocked from the start.
    const later = await editor
      .post('/api/contacts')
      .send({ firstName: 'Okänd', email: 'okand@exempel.se' })
      .expect(201);
    expect(later.body.suppression).toMatchObject({ reason: 'manual' });
    await expectNoAddressInAudit();
  });

  it('never lifts the suppression a GDPR erasure left, whatever blocked the address before', async () => {
    // Cecilia is blocked by hand (above), then erased: the block becomes "erased".
    await admin.delete(`/api/contacts/${ids.cecilia}`).query({ erase: 'true' }).expect(200);
    const [kept] = await t.dataSource.query(`SELECT reason FROM suppressions WHERE email_hash = $1`, [
      emailHash('cecilia@exempel.se'),
    ]);
    expect(kept.reason).toBe('erased');
    await admin.delete(`/api/contacts/${ids.cecilia}/suppression`).send({ reason: 'Försök' }).expect(404);
    // The same address typed in again: the new contact shows the erasure, and no one can lift it.
    const again = await editor
      .post('/api/contacts')
      .send({ firstName: 'Cecilia', email: 'cecilia@exempel.se' })
      .expect(201);
    expect(again.body.suppression).toMatchObject({ reason: 'erased', source: 'gdpr-erasure' });
    const refused = await admin
      .delete(`/api/contacts/${again.body.id}/suppression`)
      .query({ reason: 'Vill ha utskick igen' })
      .expect(409);
    expect(refused.body.message).toBe(
      'Spärren kan inte hävas: adressen tillhörde en person som raderats enligt GDPR',
    );
    expect((await viewer.get(`/api/contacts/${again.body.id}`)).body.suppression.reason).toBe('erased');
  });

  it('the sending engine follows at once: the campaign dry run includes a lifted address and leaves out a blocked one', async () => {
    const [{ id: templateId }] = await t.dataSource.query(
      `SELECT id FROM templates WHERE built_in_key = 'inbjudan'`,
    );
    const dina = (
      await editor
        .post('/api/contacts')
        .send({ firstName: 'Dina', lastName: 'Spärrsson', email: 'dina@exempel.se' })
        .expect(201)
    ).body.id;
    await t.app.get(SuppressionsService).suppress('dina@exempel.se', 'bounced', 'smtp:550');
    const emil = (
      await editor
        .post('/api/contacts')
        .send({ firstName: 'Emil', lastName: 'Spärrsson', email: 'emil@exempel.se' })
        .expect(201)
    ).body.id;
    const campaign = (
      await editor
        .post('/api/campaigns')
        .send({
          name: 'Spärrprov',
          audience: { type: 'contacts', contactIds: [dina, emil] },
          templateId,
          fromName: 'Förbundets kansli',
          fromAddress: 'kansli@forbundet.se',
        })
        .expect(201)
    ).body;
    const preview = async () => {
      const res = await viewer.get(`/api/campaigns/${campaign.id}/audience-preview`).expect(200);
      return {
        included: res.body.included.contacts.map((c: { contactId: string }) => c.contactId).sort(),
        excluded: Object.fromEntries(
          res.body.excluded.map((c: { contactId: string; reason: string }) => [c.contactId, c.reason]),
        ),
      };
    };
    expect(await preview()).toEqual({ included: [emil], excluded: { [dina]: 'bounced' } });

    await admin
      .delete(`/api/contacts/${dina}/suppression`)
      .query({ reason: 'Brevlådan fungerar igen' })
      .expect(200);
    await editor
      .post(`/api/contacts/${emil}/suppression`)
      .send({ reason: 'Slutat på förbundet' })
      .expect(201);
    expect(await preview()).toEqual({ included: [dina], excluded: { [emil]: 'suppressed' } });
    await expectNoAddressInAudit();
  });
});
