import { AppException, isValidEmail, normaliseEmail } from '@app/common';
import { loadRecipientData, RecipientData, SAMPLE_RECIPIENT } from '@app/crm';
import { MailTransport, TemplateLanguage } from '@app/mail';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MessageComposer, MessageSpec } from '../compose/message-composer';

/** Who a test message goes to, and whose data fills it. */
export interface TestSendRequest {
  /** The address, as typed (normalised and checked here). */
  email: string;
  /** The contact whose data fills the message; sample data (Anna Andersson) when not given. */
  contactId?: string;
  /** The language of the sample data, so of the variant sent, when no contact is given (Swedish by default). */
  language?: TemplateLanguage;
}

export interface TestSendResult {
  /** Without angle brackets. */
  messageId: string;
  /** The server's reply, or the outbox's. */
  response: string;
  subject: string;
  /** The address it went to (normalised). */
  to: string;
  /** Where it went: `smtp` (the relay) or `outbox` (no SMTP configured: GET /api/outbox shows it). */
  transport: string;
}

/**
 * The engine's one-off test message, for every feature that offers one (a campaign's, a template's): made by
 * the same composer as a real send (subject prefixed "[TEST] ", links that show their page and change nothing,
 * a Message-ID of its own) and handed to the application's one transport. Not in the ledger; the caller audits
 * it. Kept with the contact it was made for, so erasure finds it.
 */
@Injectable()
export class TestSendService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly composer: MessageComposer,
    private readonly transport: MailTransport,
  ) {}

  /** The address as it will be used, or a Swedish 400 naming the field. Callers may check before other work. */
  address(email: string): string {
    const to = normaliseEmail(email);
    if (!isValidEmail(to)) throw AppException.validation(`email: "${email}" är ingen giltig e-postadress`);
    return to;
  }

  async send(spec: Omit<MessageSpec, 'id'>, request: TestSendRequest): Promise<TestSendResult> {
    const to = this.address(request.email);
    let recipient: Omit<RecipientData, 'contactId'> = {
      ...SAMPLE_RECIPIENT,
      language: request.language ?? SAMPLE_RECIPIENT.language,
    };
    let contactId: string = randomUUID();
    if (request.contactId) {
      const row = await loadRecipientData(this.dataSource.manager, request.contactId);
      if (!row) throw AppException.notFound('Kontakten', request.contactId);
      recipient = request.language ? { ...row, language: request.language } : row;
      contactId = row.contactId;
    }
    const message = await this.composer.compose(
      { ...spec, id: null },
      { contactId, recipientId: null, email: to, recipient },
      { test: true },
    );
    message.subject = `[TEST] ${message.subject}`;
    if (!request.contactId) delete message.contactId;
    const result = await this.transport.send(message);
    return {
      messageId: result.messageId,
      response: result.response,
      subject: message.subject,
      to,
      transport: this.transport.name,
    };
  }
}
