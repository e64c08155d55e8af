import type { Contact, RecipientData } from '@app/crm';
import type { MessageAttachment, MessagePurpose, TemplateLanguage } from '@app/mail';
import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Mailing } from '../ledger/mailing.entity';
import type { RecipientStatus } from '../ledger/mailing-recipient.entity';

/**
 * Who a mailing goes to, resolved when its ledger is snapshotted (inside the snapshot's transaction): a query
 * over contacts aliased `c`, built with the CRM's AudienceService (lists, segments, filters, picked contacts)
 * and narrowed as the feature needs (region chiefs by role, invitees who have not answered …).
 */
export type AudienceSource = (m: EntityManager) => Promise<SelectQueryBuilder<Contact>>;

/** What a render source is asked: one recipient of one mailing (or of a preview, with no mailing or row). */
export interface RenderRequest {
  purpose: MessagePurpose;
  /** The mailing's id and scope; null for a preview or test send of something not started. */
  mailingId: string | null;
  scope: { type: string; id: string } | null;
  contactId: string;
  /** The ledger row, when the message is a real send (its id can key a per-message link). */
  recipientId: string | null;
  /** The language the message is written in (the recipient's, if the template has that variant). */
  language: TemplateLanguage;
  recipient: RecipientData | null;
}

/** A purpose's own part of one message: its variables, and for threads and meetings its headers and files. */
export interface RenderExtras {
  /** Exactly the purpose's declared variables (PURPOSE_VARIABLES), nested by dots: `{ meeting: { city } }`. */
  variables?: Record<string, unknown>;
  /** A Message-ID this message answers (a reminder under its invitation), without angle brackets. */
  inReplyTo?: string;
  references?: string[];
  attachments?: MessageAttachment[];
}

/** What a render source is asked just before a real message goes out: its row is claimed, nothing is sent yet. */
export interface SendCheck {
  purpose: MessagePurpose;
  mailingId: string;
  scope: { type: string; id: string };
  contactId: string;
  recipientId: string;
}

/** Fills a purpose's variables for one recipient. Implemented by the feature that sends the purpose. */
export interface RenderSource {
  readonly purpose: MessagePurpose;
  extras(request: RenderRequest): RenderExtras | Promise<RenderExtras>;
  /**
   * Whether the message still applies now that its turn has come: null to send it, or why not (Swedish, staff
   * read it on the row), and the row ends `withdrawn` with nothing sent. A mailing snapshots its audience when
   * it starts; a paced mailing may reach its last row much later, and a reminder must not reach someone who
   * answered in between. Asked once per claimed row of a real send (never for previews, test sends or the
   * view-in-browser page), before anything is rendered. Optional: a purpose without it (newsletters) pays
   * nothing. A thrown error puts the row back (it is claimed again later), as a failed render does.
   *
   * A method of its own rather than a `withdraw` field of RenderExtras: extras are the message's content and
   * the composer asks for them for previews, test sends and the view-in-browser page too, where "no longer
   * applies" means nothing (a message already sent must still show after the person answered). Asked apart,
   * the decision stays the sender's (a ledger outcome, like suppression), a withdrawn row costs no rendering,
   * and the composer's contract (a message, or a RenderError) is unchanged.
   */
  withdrawal?(check: SendCheck): string | null | Promise<string | null>;
}

/** A change of a mailing's state the engine made by itself, told to the feature that owns the scope. */
export type EngineTransition =
  | { kind: 'finished'; counts: Record<RecipientStatus, number> }
  | { kind: 'paused'; reason: string }
  /** An uncertain row was sent again after the mailing had finished: it is sending once more. */
  | { kind: 'reopened' };

/**
 * Lifecycle hooks of one scope type: called inside the transaction that changes the mailing, so the feature's
 * own record (a campaign's status) changes with it or not at all.
 */
export interface MailingHooks {
  readonly scopeType: string;
  /**
   * Locks the feature's record before the engine locks the mailing, so engine-made changes take locks in the
   * same order as changes staff make through the feature (feature record, then mailing): no deadlock.
   */
  lockScope(mailing: Mailing, m: EntityManager): Promise<void>;
  onTransition(mailing: Mailing, transition: EngineTransition, m: EntityManager): Promise<void>;
}

/** Sends that start at a time (scheduled campaigns, reminders): asked by the maintenance job every run. */
export interface DueSendsSource {
  readonly name: string;
  /** Starts what is due at `now`; answers the ids it started. Must be safe when two workers ask at once. */
  startDue(now: Date): Promise<string[]>;
}

/**
 * Where feature libs plug into the engine. They register in onModuleInit; the engine only ever calls in, so
 * arrows point from the features to `libs/sending` and never back.
 */
@Injectable()
export class SendingPorts {
  private readonly renderSources = new Map<MessagePurpose, RenderSource>();
  private readonly hooks = new Map<string, MailingHooks>();
  private readonly dueSends = new Map<string, DueSendsSource>();

  registerRenderSource(source: RenderSource): void {
    if (this.renderSources.has(source.purpose))
      throw new Error(`Syftet "${source.purpose}" har redan en renderingskälla`);
    this.renderSources.set(source.purpose, source);
  }

  registerHooks(hooks: MailingHooks): void {
    if (this.hooks.has(hooks.scopeType)) throw new Error(`"${hooks.scopeType}" har redan livscykelkrokar`);
    this.hooks.set(hooks.scopeType, hooks);
  }

  registerDueSends(source: DueSendsSource): void {
    if (this.dueSends.has(source.name)) throw new Error(`"${source.name}" är redan registrerad`);
    this.dueSends.set(source.name, source);
  }

  renderSourceFor(purpose: MessagePurpose): RenderSource | undefined {
    return this.renderSources.get(purpose);
  }

  hooksFor(scopeType: string): MailingHooks | undefined {
    return this.hooks.get(scopeType);
  }

  allDueSends(): DueSendsSource[] {
    return [...this.dueSends.values()];
  }
}
