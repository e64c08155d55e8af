import { AuditActor, AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { TemplateLanguage, TemplatesService } from '@app/mail';
import { Injectable } from '@nestjs/common';
import { TestSendResult, TestSendService } from './test-send.service';

export interface TemplateTestSendInput {
  email: string;
  /** Whose data fills the message; sample data when not given. */
  contactId?: string;
  /** Which variant to send (Swedish when the template has no English one); the sample data's language. */
  language?: TemplateLanguage;
  /** A stored version; the template's current version when not given. */
  versionId?: string;
}

/**
 * A template's test message: its saved version sent through the engine's one-off test send (the same path as a
 * campaign's test), from the configured sender, with the purpose's example values. Audited.
 */
@Injectable()
export class TemplateTestSendService {
  constructor(
    private readonly config: AppConfig,
    private readonly templates: TemplatesService,
    private readonly testSends: TestSendService,
    private readonly audit: AuditService,
  ) {}

  async send(templateId: string, input: TemplateTestSendInput, actor: AuditActor): Promise<TestSendResult> {
    this.testSends.address(input.email);
    const source = await this.templates.sourceFor(templateId, input.versionId);
    const sender = this.config.defaultSender;
    const sent = await this.testSends.send(
      {
        purpose: source.purpose ?? 'newsletter',
        scope: null,
        templateVersionId: source.versionId,
        subject: null,
        fromName: sender.name,
        fromAddress: sender.address,
        replyTo: null,
      },
      { email: input.email, contactId: input.contactId, language: input.language },
    );
    await this.audit.record({
      action: 'template.test_sent',
      actor,
      targetType: 'template',
      targetId: templateId,
      details: {
        to: sent.to,
        versionId: source.versionId,
        language: input.language ?? null,
        contactId: input.contactId ?? null,
        transport: sent.transport,
      },
    });
    return sent;
  }
}
