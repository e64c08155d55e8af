import { AppConfig } from '@app/config';
import {
  CompiledTemplate,
  OutgoingMessage,
  RenderedMessage,
  stableMessageId,
  TemplateCompiler,
  TemplateLanguage,
  unsubscribeHeaders,
} from '@app/mail';
import { createHandlebars } from '@app/mail/templates/handlebars-environment';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadRecipientData, RecipientRow } from '../recipient-data';
import { RecipientLinksService } from '../recipient-links.service';
import { buildRenderContext } from '../render-context';

/** What a campaign message is made from, besides the contact: the campaign's pinned version and sender. */
export interface CampaignMessageSource {
  campaignId: string;
  templateVersionId: string;
  subject: string | null;
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
  /** The address snapshotted in the ledger: the message says where it went. */
  email: string;
}

type SubjectRender = (context: object) => string;

/** The template itself cannot produce this message (as opposed to the database being briefly unreachable). */
export class RenderError extends Error {}

/**
 * Renders one campaign message for one contact, exactly as it is sent. The sending job and the
 * view-in-browser page both use it, so what a person reads in the browser is what was mailed.
 */
@Injectable()
export class CampaignMessageRenderer {
  private readonly templates = new Map<string, Promise<CompiledTemplate>>();
  private readonly subjects = new Map<string, SubjectRender>();
  private readonly hbs = createHandlebars();
  private readonly messageIdHost: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
    private readonly compiler: TemplateCompiler,
    private readonly links: RecipientLinksService,
  ) {
    this.messageIdHost = new URL(config.PUBLIC_BASE_URL).hostname;
  }

  /**
   * `recipient`: the contact's data when the caller already has it (the sending job loads it with its claim;
   * null = the contact is gone); left out, it is loaded here.
   */
  async render(
    source: CampaignMessageSource,
    contactId: string,
    recipient?: RecipientRow | null,
  ): Promise<OutgoingMessage> {
    const data =
      recipient !== undefined ? recipient : await loadRecipientData(this.dataSource.manager, contactId);
    const links = this.links.linksFor(source.campaignId, contactId);
    const context = buildRenderContext({ ...(data ?? emptyRecipient()), email: source.email }, links);
    const language: TemplateLanguage = data?.language === 'en' ? 'en' : 'sv';
    let rendered: RenderedMessage;
    let subject: string;
    try {
      rendered = (await this.compiled(source.templateVersionId)).render(context, language);
      subject = source.subject ? this.subjectRender(source.subject)(context).trim() : rendered.subject;
    } catch (err) {
      throw new RenderError(err instanceof Error ? err.message : String(err));
    }
    return {
      from: { name: source.fromName, address: source.fromAddress },
      to: source.email,
      replyTo: source.replyTo ?? undefined,
      subject,
      html: rendered.html,
      text: rendered.text,
      messageId: stableMessageId(source.campaignId, contactId, this.messageIdHost),
      headers: unsubscribeHeaders(links.unsubscribeUrl),
      campaignId: source.campaignId,
    };
  }

  /** Versions never change, so the compiled template is kept for the life of the process. */
  private compiled(versionId: string): Promise<CompiledTemplate> {
    let compiled = this.templates.get(versionId);
    if (!compiled) {
      compiled = this.loadAndCompile(versionId);
      this.templates.set(versionId, compiled);
      compiled.catch(() => this.templates.delete(versionId));
    }
    return compiled;
  }

  private async loadAndCompile(versionId: string): Promise<CompiledTemplate> {
    const [v]: { subject_sv: string; mjml_sv: string; subject_en: string | null; mjml_en: string | null }[] =
      await this.dataSource.query(
        `SELECT subject_sv, mjml_sv, subject_en, mjml_en FROM template_versions WHERE id = $1`,
        [versionId],
      );
    if (!v) throw new Error(`mallversionen ${versionId} finns inte`);
    return this.compiler.compile({
      versionId,
      variants: {
        sv: { subject: v.subject_sv, mjml: v.mjml_sv },
        ...(v.subject_en !== null && v.mjml_en !== null
          ? { en: { subject: v.subject_en, mjml: v.mjml_en } }
          : {}),
      },
    });
  }

  /**
   * The campaign's own subject line may use the same variables as the template's (rendered like the template
   * subject: Handlebars without HTML escaping, line breaks folded). Kept per distinct subject text.
   */
  private subjectRender(subject: string): SubjectRender {
    let render = this.subjects.get(subject);
    if (!render) {
      render = this.hbs.compile(subject.replace(/\s*\n\s*/g, ' '), { noEscape: true, strict: false });
      if (this.subjects.size > 1000) this.subjects.clear();
      this.subjects.set(subject, render);
    }
    return render;
  }
}

function emptyRecipient() {
  return {
    firstName: null,
    lastName: null,
    email: null,
    title: null,
    organizationName: null,
    organizationShortName: null,
    regionName: null,
  };
}
