import { AppConfig } from '@app/config';
import { AppException } from '@app/common';
import type { RecipientData } from '@app/crm';
import {
  OutgoingMessage,
  PURPOSE_VARIABLES,
  RenderedMessage,
  stableMessageId,
  TemplateInvalidException,
  TemplateLanguage,
  TemplateRenderContext,
  TemplatesService,
  TemplateCompiler,
  unsubscribeHeaders,
  MessagePurpose,
  CompiledTemplate,
  withSubjectAsTitle,
} from '@app/mail';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MessageLinks, PersonalLinksService } from '../links/personal-links.service';
import { RowTokenService } from '../links/row-token.service';
import { TokenPurpose } from '../links/token-purpose';
import { RenderExtras, SendingPorts } from '../ports/sending-ports';
import { nestByDots, recipientVariables } from './recipient-variables';

/** What a message is made from besides its recipient: a mailing, or a draft of one (preview, test send). */
export interface MessageSpec {
  /** The mailing's id; null for something not started (a test send). */
  id: string | null;
  purpose: MessagePurpose;
  scope: { type: string; id: string } | null;
  templateVersionId: string;
  /** The mailing's own subject, which wins over the template's when set. */
  subject: string | null;
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
}

/** One message's recipient. */
export interface MessageTarget {
  contactId: string;
  /** The ledger row; null for a test send. */
  recipientId: string | null;
  /** Where the message goes (the ledger's snapshot of the address). */
  email: string;
  /** The contact's data now; null when the contact is gone. */
  recipient: Omit<RecipientData, 'contactId'> | null;
}

/** The template itself cannot produce this message (as opposed to the database being briefly unreachable). */
export class RenderError extends Error {}

/**
 * The one render path: every message of every purpose, the view-in-browser page, template previews and test
 * sends are made here, so what a person reads in the browser is what was mailed. A message is the template
 * version (compiled once per process) rendered with the recipient variables, the personal links and the
 * purpose's own variables from its render source; the mailing's own subject, when set, wins.
 */
@Injectable()
export class MessageComposer {
  private readonly messageIdHost: string;
  private readonly replyDomain: string | null;

  constructor(
    config: AppConfig,
    private readonly templates: TemplatesService,
    private readonly compiler: TemplateCompiler,
    private readonly links: PersonalLinksService,
    private readonly ports: SendingPorts,
    private readonly rowTokens: RowTokenService,
  ) {
    this.messageIdHost = new URL(config.PUBLIC_BASE_URL).hostname;
    this.replyDomain = config.REPLY_DOMAIN?.toLowerCase() ?? null;
  }

  /** The Message-ID a mailing's message to a contact carries (stable, so it can be named before it is sent). */
  messageIdFor(mailingId: string, contactId: string): string {
    return stableMessageId(mailingId, contactId, this.messageIdHost);
  }

  /** The message as it is sent; a test send (`test`) gets inert links and a Message-ID of its own. */
  async compose(
    spec: MessageSpec,
    target: MessageTarget,
    options: { test?: boolean } = {},
  ): Promise<OutgoingMessage> {
    const compiled = await this.compiled(spec.templateVersionId);
    const links = this.links.linksFor(spec.id, target.contactId, { test: options.test });
    const pending = this.extrasFor(spec, target, compiled.languageFor(target.recipient?.language));
    // Most sources answer at once; awaiting only a promise spares every newsletter message a turn of the loop.
    const extras = pending instanceof Promise ? await pending : pending;
    const rendered = this.render(compiled, spec, this.context(target, links, extras), target.recipient);
    const messageId =
      options.test || spec.id === null
        ? `test.${randomUUID()}@${this.messageIdHost}`
        : this.messageIdFor(spec.id, target.contactId);
    // With a reply domain, a real send's replies and bounces come back to addresses that name its ledger row;
    // a test send keeps the mailing's own headers (it has no row).
    const verp =
      this.replyDomain && !options.test && target.recipientId !== null
        ? {
            replyTo: `svar+${this.rowTokens.sign(TokenPurpose.Reply, target.recipientId)}@${this.replyDomain}`,
            envelopeFrom: `studs+${this.rowTokens.sign(TokenPurpose.Bounce, target.recipientId)}@${this.replyDomain}`,
          }
        : null;
    return {
      from: { name: spec.fromName, address: spec.fromAddress },
      to: target.email,
      replyTo: verp?.replyTo ?? spec.replyTo ?? undefined,
      envelopeFrom: verp?.envelopeFrom,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId,
      inReplyTo: extras.inReplyTo,
      references: extras.references,
      headers: unsubscribeHeaders(links.unsubscribeUrl),
      attachments: extras.attachments,
      purpose: spec.purpose,
      mailingId: spec.id ?? undefined,
      recipientId: target.recipientId ?? undefined,
      contactId: target.contactId,
    };
  }

  /**
   * A template version rendered for one contact as a message of its purpose would be, with example links (no
   * mailing) and the purpose's example values: the editor's preview.
   */
  async preview(
    versionId: string,
    purpose: MessagePurpose,
    target: Omit<MessageTarget, 'recipientId'>,
    language?: TemplateLanguage,
  ): Promise<RenderedMessage> {
    return this.previewCompiled(await this.templates.compiledVersion(versionId), purpose, target, language);
  }

  /** `preview` of a template compiled elsewhere: the editor's unsaved text (TemplateCompiler.compileDraft). */
  async previewCompiled(
    compiled: CompiledTemplate,
    purpose: MessagePurpose,
    target: Omit<MessageTarget, 'recipientId'>,
    language?: TemplateLanguage,
  ): Promise<RenderedMessage> {
    const spec = { id: null, purpose, scope: null } as const;
    const used = compiled.languageFor(language ?? target.recipient?.language);
    const extras = await this.extrasFor(spec, { ...target, recipientId: null }, used);
    const context = this.context(target, this.links.linksFor(null, target.contactId, { test: true }), extras);
    const rendered = compiled.render(context, used);
    return { ...rendered, html: withSubjectAsTitle(rendered.html, rendered.subject) };
  }

  private async compiled(versionId: string): Promise<CompiledTemplate> {
    try {
      return await this.templates.compiledVersion(versionId);
    } catch (err) {
      // A version that is gone or invalid fails every recipient alike; anything else (the database) is passing.
      if (err instanceof TemplateInvalidException || err instanceof AppException)
        throw new RenderError(err.message);
      throw err;
    }
  }

  private render(
    compiled: CompiledTemplate,
    spec: Pick<MessageSpec, 'subject' | 'purpose'>,
    context: TemplateRenderContext,
    recipient: MessageTarget['recipient'],
  ): RenderedMessage {
    const language = compiled.languageFor(recipient?.language);
    try {
      const rendered = compiled.render(context, language);
      const subject = spec.subject
        ? this.compiler.compileSubject(spec.subject, spec.purpose)(context)
        : rendered.subject;
      return { ...rendered, subject, html: withSubjectAsTitle(rendered.html, subject) };
    } catch (err) {
      throw new RenderError(err instanceof Error ? err.message : String(err));
    }
  }

  private context(
    target: Pick<MessageTarget, 'email' | 'recipient'>,
    links: MessageLinks,
    extras: RenderExtras,
  ): TemplateRenderContext {
    return {
      ...recipientVariables(target.recipient, target.email),
      ...links,
      ...nestByDots(extras.variables ?? {}),
    };
  }

  /**
   * The purpose's own part from its render source. Without a mailing (preview, test send) and without a
   * source, each declared variable shows its description in brackets, so staff see where it goes.
   */
  private extrasFor(
    spec: Pick<MessageSpec, 'id' | 'purpose' | 'scope'>,
    target: MessageTarget,
    language: TemplateLanguage,
  ): RenderExtras | Promise<RenderExtras> {
    const source = this.ports.renderSourceFor(spec.purpose);
    if (source) {
      return source.extras({
        purpose: spec.purpose,
        mailingId: spec.id,
        scope: spec.scope,
        contactId: target.contactId,
        recipientId: target.recipientId,
        language,
        recipient: target.recipient ? { ...target.recipient, contactId: target.contactId } : null,
      });
    }
    if (spec.id !== null)
      throw new RenderError(`Inget i systemet fyller i brev för syftet "${spec.purpose}"`);
    return {
      variables: Object.fromEntries(
        Object.entries(PURPOSE_VARIABLES[spec.purpose]).map(([name, description]) => [
          name,
          `[${description}]`,
        ]),
      ),
    };
  }
}
