import { AppException } from '@app/common';
import { loadRecipientData } from '@app/crm';
import { RenderedMessage, TemplateLanguage, TemplatesService } from '@app/mail';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MessageComposer } from '../compose/message-composer';

export interface TemplatePreviewInput {
  contactId: string;
  versionId?: string;
  /** Defaults to the contact's language. */
  language?: TemplateLanguage;
}

/**
 * A template rendered for one real contact, exactly as sending would (the composer: same render context,
 * same escaping), with example links for no mailing and the purpose's example values.
 */
@Injectable()
export class TemplatePreviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: TemplatesService,
    private readonly composer: MessageComposer,
  ) {}

  async preview(templateId: string, input: TemplatePreviewInput): Promise<RenderedMessage> {
    const source = await this.templates.sourceFor(templateId, input.versionId);
    const recipient = await loadRecipientData(this.dataSource.manager, input.contactId);
    if (!recipient) throw AppException.notFound('Kontakten', input.contactId);
    return this.composer.preview(
      source.versionId,
      source.purpose ?? 'newsletter',
      { contactId: recipient.contactId, email: recipient.email ?? '', recipient },
      input.language,
    );
  }
}
