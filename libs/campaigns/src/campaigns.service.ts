import { AuditActor, AuditService } from '@app/audit';
import {
  AppException,
  isValidEmail,
  normaliseEmail,
  formatStockholmDateTime,
  parseStockholmTime,
  Clock,
  decodeKeysetCursor,
  encodeKeysetCursor,
  invalidCursor,
  Page,
  pageLimit,
  PageQuery,
  pageTotalOf,
  takePage,
} from '@app/common';
import { AudienceCandidate, AudienceService } from '@app/crm';
import { TemplateCompiler, TemplatesService } from '@app/mail';
import {
  classifyAudience,
  EXCLUSION_REASONS,
  ExclusionReason,
  LedgerRepository,
  LedgerRowView,
  RecipientStatus,
  TestSendService,
} from '@app/sending';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { audienceOf } from './campaign-audience';
import { Campaign, CampaignAudience, CampaignStatus } from './campaign.entity';
import { CAMPAIGN_SCOPE } from './sending/campaign-sending.service';

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

/** A ledger row as the API shows it (times as ISO strings). */
export interface RecipientView extends Omit<LedgerRowView, 'sentAt'> {
  sentAt: string | null;
}

export type RecipientPage = Page<RecipientView>;

/** Campaigns are listed newest first; created_at to the millisecond (what a cursor carries), then id. */
const CREATED_KEY = `date_trunc('milliseconds', c.created_at)`;

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
    private readonly ledger: LedgerRepository,
    private readonly testSends: TestSendService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(query: PageQuery & { status?: CampaignStatus } = {}): Promise<Page<CampaignView>> {
    const limit = pageLimit(query.limit);
    const all = this.dataSource.getRepository(Campaign).createQueryBuilder('c');
    if (query.status) all.where('c.status = :status', { status: query.status });
    const qb = all
      .clone()
      .orderBy(CREATED_KEY, 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, ['text', 'uuid']);
      if (Number.isNaN(Date.parse(at))) throw invalidCursor();
      qb.andWhere(`(${CREATED_KEY}, c.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))`, { at, id });
    }
    const [rows, total] = await Promise.all([qb.getMany(), pageTotalOf(all)]);
    const page = takePage(rows, limit, (last) => encodeKeysetCursor([last.createdAt.toISOString(), last.id]));
    return { items: page.rows.map((c) => this.view(c)), nextCursor: page.nextCursor, ...total };
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
    return this.previewOf(campaign.audience, limit);
  }

  /**
   * The same dry run for an audience not saved in a campaign yet (the "new campaign" wizard shows it before
   * anything is created). An unknown list or segment, or no contacts, is a 400 naming `audience`.
   */
  async audiencePreviewFor(audience: CampaignAudience, limit = 50): Promise<AudiencePreview> {
    await this.checkAudience(this.dataSource.manager, audience);
    return this.previewOf(audience, limit);
  }

  private async previewOf(audience: CampaignAudience, limit: number): Promise<AudiencePreview> {
    const classified = classifyAudience(await this.candidates(this.dataSource.manager, audience));
    const name = (c: AudienceCandidate) => `${c.firstName} ${c.lastName}`.trim();
    const included = classified.filter((c) => c.excludedBecause === null);
    const excluded = classified.filter((c) => c.excludedBecause !== null);
    const excludedCounts = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<
      ExclusionReason,
      number
    >;
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
   * Audience contacts in audience order (created_at, id) with the suppression of their address, from the
   * CRM's own audience query: the same query the snapshot copies, so the dry run and the real start agree.
   */
  async candidates(m: EntityManager, audience: CampaignAudience): Promise<AudienceCandidate[]> {
    return this.audiences.candidates(await this.audiences.queryFor(audienceOf(audience), m));
  }

  /**
   * Sends one test message to `email` through the engine's one-off test send (TestSendService: the same composer
   * as the real send, subject prefixed "[TEST] ", personal data of `contactId` or sample data, links that show
   * their page and change nothing). Not in the ledger; audited.
   */
  async sendTest(
    id: string,
    input: { email: string; contactId?: string },
    actor: AuditActor,
  ): Promise<{ messageId: string; response: string; subject: string }> {
    this.testSends.address(input.email);
    const campaign = await this.find(this.dataSource.manager, id);
    const template = await this.templates.findTemplate(campaign.templateId);
    const versionId = campaign.templateVersionId ?? template?.currentVersionId;
    if (!versionId) throw AppException.conflict('Kampanjens mall har ingen sparad version att skicka');
    const sent = await this.testSends.send(
      {
        purpose: 'newsletter',
        scope: { type: CAMPAIGN_SCOPE, id: campaign.id },
        templateVersionId: versionId,
        subject: campaign.subject,
        fromName: campaign.fromName,
        fromAddress: campaign.fromAddress,
        replyTo: campaign.replyTo,
      },
      { email: input.email, contactId: input.contactId },
    );
    await this.audit.record({
      action: 'campaign.test_sent',
      actor,
      targetType: 'campaign',
      targetId: id,
      details: { to: sent.to, contactId: input.contactId ?? null, transport: sent.transport },
    });
    return { messageId: sent.messageId, response: sent.response, subject: sent.subject };
  }

  async recipients(
    id: string,
    options: { status?: RecipientStatus; cursor?: string; limit?: number },
  ): Promise<RecipientPage> {
    await this.find(this.dataSource.manager, id);
    const limit = pageLimit(options.limit);
    const [rows, total] = await Promise.all([
      this.recipientRows(this.dataSource.manager, id, options.status, options.cursor ?? null, limit + 1),
      this.ledger.countRows(id, options.status),
    ]);
    const page = takePage(rows, limit, (last) => last.id);
    return { items: page.rows, nextCursor: page.nextCursor, ...total };
  }

  /** One keyset page of the campaign's ledger with today's contact names; `after` is the last id seen. */
  async recipientRows(
    m: EntityManager,
    campaignId: string,
    status: RecipientStatus | undefined,
    after: string | null,
    limit: number,
  ): Promise<RecipientView[]> {
    if (after !== null && !/^\d{1,19}$/.test(after)) throw AppException.validation('cursor: ogiltig markör');
    const rows = await this.ledger.rows(campaignId, { status, after, limit }, m);
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
      'id' | 'status' | 'createdAt' | 'updatedAt' | 'createdBy' | 'pauseReason' | 'startedAt' | 'finishedAt'
    >
  > {
    const name = input.name.trim();
    if (!name) throw AppException.validation('name: kampanjen behöver ett namn', { field: 'name' });
    const template = await this.templates.findTemplate(input.templateId, m);
    if (!template)
      throw AppException.validation(`templateId: mallen finns inte (${input.templateId})`, {
        field: 'templateId',
      });
    if (template.archived)
      throw AppException.validation(`templateId: mallen "${template.name}" är arkiverad`, {
        field: 'templateId',
      });
    if (template.purpose !== 'newsletter')
      throw AppException.validation(
        `templateId: mallen "${template.name}" är gjord för ett annat slags utskick (${template.purpose}) än en kampanj`,
        { field: 'templateId' },
      );
    const templateVersionId = input.templateVersionId ?? null;
    if (templateVersionId && !(await this.templates.isVersionOf(input.templateId, templateVersionId, m))) {
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
    // Checked against the newsletter's variables (throws TemplateInvalidException with the problems).
    if (subject) this.compiler.compileSubject(subject, 'newsletter');
    const scheduledAt = input.scheduledAt ? parseStockholmTime(input.scheduledAt) : null;
    if (scheduledAt && scheduleMustBeAhead && scheduledAt.getTime() < this.clock.now().getTime() - 60_000) {
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
      if (audience.contactIds.length === 0)
        throw AppException.validation('audience.contactIds: välj minst en kontakt', { field: 'audience' });
      const missing = await this.audiences.missingContacts(audience.contactIds, m);
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
