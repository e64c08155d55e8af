import { AppException } from '@app/common';
import { RenderedMessage, TemplateCompiler, TemplateLanguage, TemplatesService } from '@app/mail';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadRecipientData } from './recipient-data';
import { RecipientLinksService } from './recipient-links.service';
import { buildRenderContext } from './render-context';

export interface TemplatePreviewInput {
  contactId: string;
  versionId?: string;
  /** Defaults to the contact's language. */
  language?: TemplateLanguage;
}

/**
 * A template rendered for one real contact, exactly as sending would (same render context, same escaping),
 * with example links for no campaign.
 */
@Injectable()
export class TemplatePreviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: TemplatesService,
    private readonly compiler: TemplateCompiler,
    private readonly links: RecipientLinksService,
  ) {}

  async preview(templateId: string, input: TemplatePreviewInput): Promise<RenderedMessage> {
    const source = await this.templates.sourceFor(templateId, input.versionId);
    const recipient = await loadRecipientData(this.dataSource.manager, input.contactId);
    if (!recipient) throw AppException.notFound('Kontakten', input.contactId);
    const compiled = await this.compiler.compile(source);
    const context = buildRenderContext(recipient, this.links.linksFor(null, recipient.contactId));
    return compiled.render(context, input.language ?? recipient.language);
  }
}
