import { AuditEntry, AuditService } from '@app/audit';
import { AppErrorCode, AppException } from '@app/common';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { BUILT_IN_TEMPLATES } from './built-in/built-in-templates';
import { TemplateCompiler } from './template-compiler';
import { TemplateInvalidException } from './template-errors';
import { TemplateVersion } from './template-version.entity';
import { Template } from './template.entity';
import { TemplatesService } from './templates.service';

const mjml = (inner: string) =>
  `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n${inner}\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>`;

async function connect(url: string): Promise<DataSource> {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [Template, TemplateVersion, AuditEntry],
    extra: { max: 4 },
  }).initialize();
}

describe('TemplatesService (PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: TemplatesService;

  const counts = async () => {
    const [row] = await ds.query(
      `SELECT (SELECT count(*)::int FROM templates) AS templates, (SELECT count(*)::int FROM template_versions) AS versions`,
    );
    return row as { templates: number; versions: number };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await connect(db.url);
    service = new TemplatesService(
      ds,
      new TemplateCompiler(),
      new AuditService(ds.getRepository(AuditEntry)),
    );
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('creates version 1; a content edit adds version 2 and leaves version 1 as it was', async () => {
    const created = await service.create(
      {
        name: 'Höstbrev',
        description: 'Till medlemmarna',
        sv: { subject: 'Hej {{firstName}}', mjml: mjml('<mj-text>Version ett</mj-text>') },
      },
      { email: 'redaktor@example.se' },
    );
    expect(created.currentVersion).toMatchObject({ version: 1, en: null });
    const v1 = created.currentVersion!;

    const edited = await service.update(created.id, {
      sv: { subject: 'Hej igen {{firstName}}', mjml: mjml('<mj-text>Version två</mj-text>') },
      en: { subject: 'Hello', mjml: mjml('<mj-text>Version two</mj-text>') },
    });
    expect(edited.currentVersion).toMatchObject({ version: 2, sv: { subject: 'Hej igen {{firstName}}' } });
    expect(edited.currentVersion!.en?.subject).toBe('Hello');
    expect(edited.currentVersionId).not.toBe(v1.id);
    expect(edited.versions.map((v) => v.version)).toEqual([2, 1]);
    const old = await service.getVersion(created.id, v1.id);
    expect(old.sv).toEqual(v1.sv);
    expect(old.en).toBeNull();

    // Metadata only: no new version.
    const renamed = await service.update(created.id, { name: 'Höstbrev 2026', description: null });
    expect(renamed).toMatchObject({ name: 'Höstbrev 2026', description: null, currentVersionNumber: 2 });
    expect(renamed.versions).toHaveLength(2);

    // Editing only the English variant keeps the Swedish one of the current version.
    const enOnly = await service.update(created.id, { en: null });
    expect(enOnly.currentVersion).toMatchObject({
      version: 3,
      en: null,
      sv: { subject: 'Hej igen {{firstName}}' },
    });

    // Every change is in the audit log, with who made it and which version it produced.
    const audit = await ds.query(
      `SELECT action, actor_email, details FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [created.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'template.created',
      'template.updated',
      'template.updated',
      'template.updated',
    ]);
    expect(audit[0]).toMatchObject({
      actor_email: 'redaktor@example.se',
      details: { name: 'Höstbrev', version: 1 },
    });
    expect(audit[1].details).toEqual({ newVersion: 2, renamedTo: null });
    expect(audit[2].details).toEqual({ newVersion: null, renamedTo: 'Höstbrev 2026' });
  });

  it('refuses an invalid template with line numbers and writes nothing', async () => {
    const before = await counts();
    const err = await service
      .create({
        name: 'Trasig',
        sv: {
          subject: 'Hej {{förnamn}}',
          mjml: mjml('<mj-text>ok</mj-text>\n<mj-textt>{{lastname}}</mj-textt>'),
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateInvalidException);
    const problems = (err as TemplateInvalidException).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          part: 'subject',
          language: 'sv',
          line: 1,
          message: 'Okänd variabel "förnamn"',
        }),
        expect.objectContaining({
          part: 'body',
          language: 'sv',
          line: 6,
          message: 'Okänd variabel "lastname"',
        }),
        expect.objectContaining({
          part: 'body',
          language: 'sv',
          line: 6,
          message: expect.stringMatching(/mj-textt/),
        }),
      ]),
    );
    expect(await counts()).toEqual(before);

    // An invalid edit leaves the template on its current version.
    const ok = await service.create({
      name: 'Hel',
      sv: { subject: 'Hej', mjml: mjml('<mj-text>ok</mj-text>') },
    });
    await expect(
      service.update(ok.id, {
        name: 'Nytt namn',
        sv: { subject: 'Hej', mjml: mjml('<mj-text>{{okand}}</mj-text>') },
      }),
    ).rejects.toBeInstanceOf(TemplateInvalidException);
    expect(await service.get(ok.id)).toMatchObject({ name: 'Hel', currentVersionNumber: 1 });
  });

  it('answers 409 for a name that is taken, and archives without deleting', async () => {
    await service.create({ name: 'Unik', sv: { subject: 'Hej', mjml: mjml('<mj-text>ok</mj-text>') } });
    const err = await service
      .create({ name: ' Unik ', sv: { subject: 'Hej', mjml: mjml('<mj-text>ok</mj-text>') } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppException);
    expect((err as AppException).code).toBe(AppErrorCode.CONFLICT);
    const other = await service.create({
      name: 'Annan',
      sv: { subject: 'Hej', mjml: mjml('<mj-text>ok</mj-text>') },
    });
    await expect(service.update(other.id, { name: 'Unik' })).rejects.toMatchObject({
      code: AppErrorCode.CONFLICT,
    });

    const archived = await service.archive(other.id);
    expect(archived.archived).toBe(true);
    expect((await service.list()).map((t) => t.id)).not.toContain(other.id);
    expect((await service.list({ includeArchived: true })).map((t) => t.id)).toContain(other.id);
  });

  it('seeds the built-in templates exactly once, even when several processes start at the same time', async () => {
    const others = await Promise.all([connect(db.url), connect(db.url), connect(db.url)]);
    try {
      const services = [
        service,
        ...others.map(
          (o) =>
            new TemplatesService(o, new TemplateCompiler(), new AuditService(o.getRepository(AuditEntry))),
        ),
      ];
      const created = await Promise.all([...services, ...services].map((s) => s.ensureBuiltIns()));
      expect(created.reduce((a, b) => a + b, 0)).toBe(BUILT_IN_TEMPLATES.length);
      expect(await service.ensureBuiltIns()).toBe(0);
    } finally {
      await Promise.all(others.map((o) => o.destroy()));
    }
    const rows: { built_in_key: string; versions: number }[] = await ds.query(
      `SELECT t.built_in_key, count(v.id)::int AS versions FROM templates t
       JOIN template_versions v ON v.template_id = t.id AND v.id = t.current_version_id
       WHERE t.built_in_key IS NOT NULL GROUP BY t.built_in_key ORDER BY 1`,
    );
    expect(rows).toEqual(
      BUILT_IN_TEMPLATES.map((b) => ({ built_in_key: b.key, versions: 1 })).sort((a, b) =>
        a.built_in_key.localeCompare(b.built_in_key),
      ),
    );
    const list = await service.list();
    expect(
      list
        .filter((t) => t.builtInKey)
        .map((t) => t.name)
        .sort(),
    ).toEqual(BUILT_IN_TEMPLATES.map((b) => b.name).sort());
  });
});
