import { AuditActor, AuditService } from '@app/audit';
import {
  AppException,
  isValidEmail,
  normaliseEmail,
  formatStockholmDateTime,
  parseStockholmTime,
} from '@app/common';
import { AudienceService } from '@app/crm';
import {
  findHandlebarsProblems,
  MailTransport,
  Template,
  TemplateCompiler,
  TemplateInvalidException,
  TemplatesService,
  TemplateVersionSource,
  unsubscribeHeaders,
} from '@app/mail';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AudienceCandidate, classifyAudience, ExclusionReason } from './audience-rules';
import { RecipientStatus } from './campaign-recipient.entity';
import { Campaign, CampaignAudience, CampaignStatus } from './campaign.entity';
import { loadRecipientData, SAMPLE_RECIPIENT } from './recipient-data';
import { RecipientLinksService } from './recipient-links.service';
import { buildRenderContext } from './render-context';
import { audienceQuery, SQL_EMAIL_HASH } from './sending/audience-snapshot';

export interface CampaignInput {
  name: string;
  audience: CampaignAudience;
  templateId: string;
  /** A specific version to send; without it the template's current version is pinned at start. */
  templateVersionId?: string | null;
  subject?: string | null;
  fromName: string;
  fromAddress: string;
  replyTo?: string | null;
  /** ISO with offset, or Stockholm wall-clock time without one; null clears the schedule. */
  scheduledAt?: string | null;
  rateLimitPerMinute?: number | null;
}

export type CampaignPatch = Partial<CampaignInput>;

export interface CampaignView {
  id: string;
  name: string;
  status: CampaignStatus;
  audience: CampaignAudience;
  templateId: string;
  templateVersionId: string | null;
  subject: string | null;
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
  /** UTC ISO. */
  scheduledAt: string | null;
  /** yyyy-mm-dd HH:MM, Europe/Stockholm. */
  scheduledAtStockholm: string | null;
  rateLimitPerMinute: number | null;
  pauseReason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AudiencePreviewContact {
  contactId: string;
  name: string;
  email: string | null;
}

export interface AudiencePreview {
  included: { count: number; contacts: AudiencePreviewContact[] };
  excluded: (AudiencePreviewContact & { reason: ExclusionReason })[];
  excludedCounts: Record<ExclusionReason, number>;
}

export interface RecipientView {
  id: string;
  contactId: string | null;
  email: string;
  firstName: string | null;
  lastName: string | null;
  organizationName: string | null;
  status: RecipientStatus;
  attempts: number;
  lastError: string | null;
  smtpResponse: string | null;
  messageId: string | null;
  sentAt: string | null;
}

export interface RecipientPage {
  items: RecipientView[];
  nextCursor: string | null;
}

/** Only these may be edited or deleted: once a campaign has started, its settings are part of the record. */
const EDITABLE: CampaignStatus[] = ['draft', 'scheduled'];

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Campaigns before they start (create, edit, schedule, delete), what staff check before pressing send (the
 * audience dry run, a test message), and the recipients ledger as staff read it. Starting, pausing and the
 * sending itself belong to CampaignSendingService.
 */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audiences: AudienceService,
    private readonly templates: TemplatesService,
    private readonly compiler: TemplateCompiler,
    private readonly links: RecipientLinksService,
    private readonly transport: MailTransport,
    private readonly audit: AuditService,
  ) {}

  async list(status?: CampaignStatus): Promise<CampaignView[]> {
    const rows = await this.dataSource.getRepository(Campaign).find({
      where: status ? { status } : {},
      order: { createdAt: 'DESC' },
    });
    return rows.map((c) => this.view(c));
  }

  async get(id: string): Promise<CampaignView> {
    return this.view(await this.find(this.dataSource.manager, id));
  }

  async create(input: CampaignInput, actor: AuditActor): Promise<CampaignView> {
    const m = this.dataSource.manager;
    const values = await this.checked(m, input);
    const repo = m.getRepository(Campaign);
    const saved = await repo.save(
      repo.create({
        ...values,
        status: values.scheduledAt ? 'scheduled' : 'draft',
        createdBy: actor.userId,
      }),
    );
    await this.audit.record({
      action: 'campaign.created',
      actor,
      targetType: 'campaign',
      targetId: saved.id,
      details: { name: saved.name, status: saved.status },
    });
    return this.get(saved.id);
  }

  async update(id: string, patch: CampaignPatch, actor: AuditActor): Promise<CampaignView> {
    await this.dataSource.transaction(async (m) => {
      const campaign = await this.find(m, id, true);
      this.assertEditable(campaign);
      const merged: CampaignInput = {
        name: patch.name ?? campaign.name,
        audience: patch.audience ?? campaign.audience,
        templateId: patch.templateId ?? campaign.templateId,
        // A version belongs to one template: choosing another template drops a chosen version.
        templateVersionId:
          patch.templateVersionId !== undefined
            ? patch.templateVersionId
            : patch.templateId && patch.templateId !== campaign.templateId
              ? null
              : campaign.templateVersionId,
        subject: patch.subject === undefined ? campaign.subject : patch.subject,
        fromName: patch.fromName ?? campaign.fromName,
        fromAddress: patch.fromAddress ?? campaign.fromAddress,
        replyTo: patch.replyTo === undefined ? campaign.replyTo : patch.replyTo,
        scheduledAt:
          patch.scheduledAt === undefined ? (campaign.scheduledAt?.toISOString() ?? null) : patch.scheduledAt,
        rateLimitPerMinute:
          patch.rateLimitPerMinute === undefined ? campaign.rateLimitPerMinute : patch.rateLimitPerMinute,
      };
      // An unchanged schedule in the past stays as it is; only a newly set time must lie ahead.
      const values = await this.checked(m, merged, patch.scheduledAt !== undefined);
      await m
        .getRepository(Campaign)
        .update({ id }, { ...values, status: values.scheduledAt ? 'scheduled' : 'draft' });
      await this.audit.record(
        {
          action: 'campaign.updated',
          actor,
          targetType: 'campaign',
          targetId: id,
          details: { fields: Object.keys(patch) },
        },
        m,
      );
    });
    return this.get(id);
  }

  async remove(id: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const campaign = await this.find(m, id, true);
      this.assertEditable(campaign);
      await m.getRepository(Campaign).delete({ id });
      await this.audit.record(
        {
          action: 'campaign.deleted',
          actor,
          targetType: 'campaign',
          targetId: id,
          details: { name: campaign.name },
        },
        m,
      );
    });
  }

  /** The dry run: who would get the campaign if it started now, and who would not, and why. */
  async audiencePreview(id: string, limit = 50): Promise<AudiencePreview> {
    const campaign = await this.find(this.dataSource.manager, id);
    const classified = classifyAudience(await this.candidates(this.dataSource.manager, campaign.audience));
    const name = (c: AudienceCandidate) => `${c.firstName} ${c.lastName}`.trim();
    const included = classified.filter((c) => c.excludedBecause === null);
    const excluded = classified.filter((c) => c.excludedBecause !== null);
    const excludedCounts = Object.fromEntries(
      ['no_email', 'unsubscribed', 'bounced', 'complained', 'suppressed', 'duplicate_email'].map((r) => [
        r,
        0,
      ]),
    ) as Record<ExclusionReason, number>;
    for (const c of excluded) excludedCounts[c.excludedBecause!]++;
    return {
      included: {
        count: included.length,
        contacts: included
          .slice(0, limit)
          .map((c) => ({ contactId: c.contactId, name: name(c), email: c.email })),
      },
      excluded: excluded.map((c) => ({
        contactId: c.contactId,
        name: name(c),
        email: c.email,
        reason: c.excludedBecause!,
      })),
      excludedCounts,
    };
  }

  /**
   * Audience contacts in audience order (created_at, id) with the suppression of their address, matched by
   * the SHA-256 of the normalised address as SuppressionsService keeps it. The audience query and the hash
   * are the snapshot's own (sending/audience-snapshot.ts), so the dry run and the real start agree.
   */
  async candidates(m: EntityManager, audience: CampaignAudience): Promise<AudienceCandidate[]> {
    const qb = await audienceQuery(this.audiences, audience, m);
    const rows = await qb
      .select('c.id', 'contactId')
      .addSelect('c.first_name', 'firstName')
      .addSelect('c.last_name', 'lastName')
      .addSelect('c.email', 'email')
      .addSelect('s.reason', 'suppressionReason')
      .leftJoin('suppressions', 's', `s.email_hash = ${SQL_EMAIL_HASH('c.email')}`)
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getRawMany<AudienceCandidate>();
    return rows;
  }

  /**
   * Sends one rendered message to `email` through the application's transport: subject prefixed "[TEST] ",
   * personal data of `contactId` (or sample data), links for no campaign. Not in the ledger; audited.
   */
  async sendTest(
    id: string,
    input: { email: string; contactId?: string },
    actor: AuditActor,
  ): Promise<{ messageId: string; response: string; subject: string }> {
    const to = normaliseEmail(input.email);
    if (!isValidEmail(to))
      throw AppException.validation(`email: "${input.email}" är ingen giltig e-postadress`);
    const campaign = await this.find(this.dataSource.manager, id);
    const source = await this.sourceFor(campaign);
    let data = SAMPLE_RECIPIENT;
    let language: 'sv' | 'en' = 'sv';
    let contactId: string = randomUUID();
    if (input.contactId) {
      const row = await loadRecipientData(this.dataSource.manager, input.contactId);
      if (!row) throw AppException.notFound('Kontakten', input.contactId);
      data = row;
      language = row.language;
      contactId = row.contactId;
    }
    const links = this.links.linksFor(null, contactId);
    const rendered = (await this.compiler.compile(source)).render(buildRenderContext(data, links), language);
    const subject = `[TEST] ${rendered.subject}`;
    const domain = campaign.fromAddress.split('@')[1] ?? 'localhost';
    const result = await this.transport.send({
      from: { name: campaign.fromName, address: campaign.fromAddress },
      to,
      replyTo: campaign.replyTo ?? undefined,
      subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `test.${randomUUID()}@${domain}`,
      headers: unsubscribeHeaders(links.unsubscribeUrl),
    });
    await this.audit.record({
      action: 'campaign.test_sent',
      actor,
      targetType: 'campaign',
      targetId: id,
      details: { to, contactId: input.contactId ?? null, transport: this.transport.name },
    });
    return { messageId: result.messageId, response: result.response, subject };
  }

  /**
   * The version a campaign sends (pinned, or the template's current one before start), with the campaign's
   * subject override in both languages. The override changes the compiled subject, so it is part of the
   * compile-cache key.
   */
  async sourceFor(campaign: Campaign): Promise<TemplateVersionSource> {
    const source = await this.templates.sourceFor(campaign.templateId, campaign.templateVersionId);
    if (!campaign.subject) return source;
    const subject = campaign.subject;
    const key = createHash('sha256').update(subject).digest('hex').slice(0, 16);
    const variants: TemplateVersionSource['variants'] = { sv: { ...source.variants.sv, subject } };
    if (source.variants.en) variants.en = { ...source.variants.en, subject };
    return { versionId: `${source.versionId}#subject:${key}`, variants };
  }

  async recipients(
    id: string,
    options: { status?: RecipientStatus; cursor?: string; limit?: number },
  ): Promise<RecipientPage> {
    await this.find(this.dataSource.manager, id);
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const rows = await this.recipientRows(
      this.dataSource.manager,
      id,
      options.status,
      options.cursor ?? null,
      limit + 1,
    );
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** One keyset page of the ledger joined with today's contact data; `after` is the last id seen. */
  async recipientRows(
    m: EntityManager,
    campaignId: string,
    status: RecipientStatus | undefined,
    after: string | null,
    limit: number,
  ): Promise<RecipientView[]> {
    if (after !== null && !/^\d{1,19}$/.test(after)) throw AppException.validation('cursor: ogiltig markör');
    const params: unknown[] = [campaignId];
    let where = 'cr.campaign_id = $1';
    if (status) {
      params.push(status);
      where += ` AND cr.status = $${params.length}`;
    }
    if (after !== null) {
      params.push(after);
      where += ` AND cr.id > $${params.length}`;
    }
    params.push(limit);
    const rows: (Omit<RecipientView, 'sentAt'> & { sentAt: Date | null })[] = await m.query(
      `SELECT cr.id::text AS id, cr.contact_id AS "contactId", cr.email, c.first_name AS "firstName",
              c.last_name AS "lastName", o.name AS "organizationName", cr.status, cr.attempts,
              cr.last_error AS "lastError", cr.smtp_response AS "smtpResponse", cr.message_id AS "messageId",
              cr.sent_at AS "sentAt"
         FROM campaign_recipients cr
         LEFT JOIN contacts c ON c.id = cr.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE ${where}
        ORDER BY cr.id
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ ...r, sentAt: iso(r.sentAt) }));
  }

  async find(m: EntityManager, id: string, lock = false): Promise<Campaign> {
    const qb = m.getRepository(Campaign).createQueryBuilder('c').where('c.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const campaign = await qb.getOne();
    if (!campaign) throw AppException.notFound('Kampanjen', id);
    return campaign;
  }

  view(c: Campaign): CampaignView {
    return {
      id: c.id,
      name: c.name,
      status: c.status,
      audience: c.audience,
      templateId: c.templateId,
      templateVersionId: c.templateVersionId,
      subject: c.subject,
      fromName: c.fromName,
      fromAddress: c.fromAddress,
      replyTo: c.replyTo,
      scheduledAt: iso(c.scheduledAt),
      scheduledAtStockholm: c.scheduledAt ? formatStockholmDateTime(c.scheduledAt) : null,
      rateLimitPerMinute: c.rateLimitPerMinute,
      pauseReason: c.pauseReason,
      startedAt: iso(c.startedAt),
      finishedAt: iso(c.finishedAt),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }

  private assertEditable(campaign: Campaign): void {
    if (!EDITABLE.includes(campaign.status)) {
      throw AppException.conflict(
        `Kampanjen "${campaign.name}" har status ${campaign.status} och kan inte längre ändras eller tas bort`,
        { status: campaign.status },
      );
    }
  }

  /** Validates everything the DTO cannot: the template, the audience, addresses, the subject and the time. */
  private async checked(
    m: EntityManager,
    input: CampaignInput,
    scheduleMustBeAhead = true,
  ): Promise<
    Omit<
      Campaign,
      | 'id'
      | 'status'
      | 'createdAt'
      | 'updatedAt'
      | 'createdBy'
      | 'pauseReason'
      | 'consecutiveFailures'
      | 'startedAt'
      | 'finishedAt'
    >
  > {
    const name = input.name.trim();
    if (!name) throw AppException.validation('name: kampanjen behöver ett namn', { field: 'name' });
    const template = await m.getRepository(Template).findOne({ where: { id: input.templateId } });
    if (!template)
      throw AppException.validation(`templateId: mallen finns inte (${input.templateId})`, {
        field: 'templateId',
      });
    if (template.archived)
      throw AppException.validation(`templateId: mallen "${template.name}" är arkiverad`, {
        field: 'templateId',
      });
    const templateVersionId = input.templateVersionId ?? null;
    if (
      templateVersionId &&
      !(await m
        .query(`SELECT 1 FROM template_versions WHERE id = $1 AND template_id = $2`, [
          templateVersionId,
          input.templateId,
        ])
        .then((rows: unknown[]) => rows.length > 0))
    ) {
      throw AppException.validation(`templateVersionId: versionen hör inte till mallen "${template.name}"`, {
        field: 'templateVersionId',
      });
    }
    await this.checkAudience(m, input.audience);
    const fromAddress = normaliseEmail(input.fromAddress);
    if (!isValidEmail(fromAddress))
      throw AppException.validation(`fromAddress: "${input.fromAddress}" är ingen giltig e-postadress`, {
        field: 'fromAddress',
      });
    const replyTo = input.replyTo?.trim() ? normaliseEmail(input.replyTo) : null;
    if (replyTo && !isValidEmail(replyTo))
      throw AppException.validation(`replyTo: "${input.replyTo}" är ingen giltig e-postadress`, {
        field: 'replyTo',
      });
    const subject = input.subject?.trim() ? input.subject.trim() : null;
    if (subject) {
      const problems = findHandlebarsProblems(subject, { part: 'subject', language: 'sv' });
      if (problems.length > 0) throw new TemplateInvalidException(problems);
    }
    const scheduledAt = input.scheduledAt ? parseStockholmTime(input.scheduledAt) : null;
    if (scheduledAt && scheduleMustBeAhead && scheduledAt.getTime() < Date.now() - 60_000) {
      throw AppException.validation(
        `scheduledAt: ${formatStockholmDateTime(scheduledAt)} har redan passerat`,
        { field: 'scheduledAt' },
      );
    }
    return {
      name,
      audience: input.audience,
      templateId: input.templateId,
      templateVersionId,
      subject,
      fromName: input.fromName.trim(),
      fromAddress,
      replyTo,
      scheduledAt,
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
    };
  }

  private async checkAudience(m: EntityManager, audience: CampaignAudience): Promise<void> {
    if (audience.type === 'list')
      await this.audiences.filterFor({ listId: audience.listId }, m).catch(asAudienceError);
    else if (audience.type === 'segment')
      await this.audiences.filterFor({ segmentId: audience.segmentId }, m).catch(asAudienceError);
    else {
      const ids = [...new Set(audience.contactIds)];
      if (ids.length === 0)
        throw AppException.validation('audience.contactIds: välj minst en kontakt', { field: 'audience' });
      const found: { id: string }[] = await m.query(`SELECT id FROM contacts WHERE id = ANY($1::uuid[])`, [
        ids,
      ]);
      const known = new Set(found.map((r) => r.id));
      const missing = ids.filter((i) => !known.has(i));
      if (missing.length > 0)
        throw AppException.validation(`audience.contactIds: ${missing.length} kontakter finns inte`, {
          field: 'audience',
          missing,
        });
    }
  }
}

/** A list or segment that does not exist is a bad request here (the campaign is what was asked for), not a 404. */
function asAudienceError(err: unknown): never {
  if (err instanceof AppException)
    throw AppException.validation(`audience: ${err.message}`, { field: 'audience' });
  throw err;
}
