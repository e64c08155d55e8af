import { AppException } from '@app/common';
import { loadRecipientData, RecipientData, SAMPLE_RECIPIENT } from '@app/crm';
import {
  MessagePurpose,
  RenderedMessage,
  TemplateCompiler,
  TemplateInvalidException,
  TemplateLanguage,
  TemplateProblem,
  TemplatesService,
} from '@app/mail';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MessageComposer, MessageTarget } from '../compose/message-composer';

export interface TemplatePreviewInput {
  /** Whose data fills the message; sample data (Anna Andersson) when not given. */
  contactId?: string;
  versionId?: string;
  /** Defaults to the contact's language (Swedish for the sample data). */
  language?: TemplateLanguage;
}

/** The editor's unsaved text of one language variant, for a purpose. */
export interface TemplateDraftInput {
  purpose: MessagePurpose;
  language: TemplateLanguage;
  subject: string;
  mjml: string;
}

/** A draft rendered with sample data, or (message null) what keeps it from rendering, by line. */
export interface TemplateDraftPreview {
  problems: TemplateProblem[];
  message: RenderedMessage | null;
}

/**
 * A template rendered for one real contact (or sample data), exactly as sending would (the composer: same
 * render context, same escaping), with example links for no mailing and the purpose's example values.
 */
@Injectable()
export class TemplatePreviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: TemplatesService,
    private readonly compiler: TemplateCompiler,
    private readonly composer: MessageComposer,
  ) {}

  async preview(templateId: string, input: TemplatePreviewInput): Promise<RenderedMessage> {
    const source = await this.templates.sourceFor(templateId, input.versionId);
    return this.composer.preview(
      source.versionId,
      source.purpose ?? 'newsletter',
      await this.targetFor(input.contactId, input.language),
      input.language,
    );
  }

  /**
   * Unsaved text rendered as the saved version would be, with sample data: the editor's live preview. Nothing is
   * stored or cached. A template with problems is no error here: they are the answer, each with its line.
   */
  async previewDraft(input: TemplateDraftInput): Promise<TemplateDraftPreview> {
    let compiled;
    try {
      compiled = await this.compiler.compileDraft(
        input.language,
        { subject: input.subject, mjml: input.mjml },
        input.purpose,
      );
    } catch (err) {
      if (err instanceof TemplateInvalidException) return { problems: err.problems, message: null };
      throw err;
    }
    const message = await this.composer.previewCompiled(
      compiled,
      input.purpose,
      await this.targetFor(undefined, input.language),
      input.language,
    );
    return { problems: [], message };
  }

  private async targetFor(
    contactId: string | undefined,
    language: TemplateLanguage | undefined,
  ): Promise<Omit<MessageTarget, 'recipientId'>> {
    if (!contactId) {
      const recipient: Omit<RecipientData, 'contactId'> = {
        ...SAMPLE_RECIPIENT,
        language: language ?? SAMPLE_RECIPIENT.language,
      };
      return { contactId: randomUUID(), email: recipient.email ?? '', recipient };
    }
    const recipient = await loadRecipientData(this.dataSource.manager, contactId);
    if (!recipient) throw AppException.notFound('Kontakten', contactId);
    return { contactId: recipient.contactId, email: recipient.email ?? '', recipient };
  }
}
