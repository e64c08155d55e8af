import { PROCESS_ROLES, ProcessRole } from '@app/config';
import { ApiProperty } from '@nestjs/swagger';

export class SmtpServerDto {
  @ApiProperty({ description: 'SMTP-serverns värdnamn (ur SMTP_URL, utan användarnamn och lösenord)' })
  host: string;

  @ApiProperty({ description: 'SMTP-serverns port (465 för smtps:// och 587 för smtp:// om ingen anges)' })
  port: number;

  @ApiProperty({
    description: 'true för smtps:// (TLS från början), false för smtp:// (STARTTLS om servern erbjuder)',
  })
  secure: boolean;
}

export class MailSenderDto {
  @ApiProperty({ description: 'Avsändarnamn för meddelanden systemet skickar på egen hand' })
  name: string;

  @ApiProperty({ description: 'Avsändaradress för meddelanden systemet skickar på egen hand' })
  address: string;

  @ApiProperty({ description: 'true om MAIL_FROM_NAME är satt, false om standardnamnet (Kansliet) används' })
  nameConfigured: boolean;

  @ApiProperty({
    description:
      'true om MAIL_FROM_ADDRESS är satt, false om standardadressen (utskick@ PUBLIC_BASE_URL:s värd) används',
  })
  addressConfigured: boolean;
}

export class DkimDto {
  @ApiProperty({ description: 'Domänen som signerar (DKIM_DOMAIN)' })
  domain: string;

  @ApiProperty({ description: 'Selektorn (DKIM_SELECTOR); nyckeln visas aldrig' })
  selector: string;
}

export class MailStatusDto {
  @ApiProperty({
    enum: ['smtp', 'outbox'],
    description:
      'smtp: skickas via SMTP-servern; outbox: meddelandena sparas i utkorgen och lämnar aldrig maskinen',
  })
  transport: 'smtp' | 'outbox';

  @ApiProperty({
    type: SmtpServerDto,
    nullable: true,
    description: 'SMTP-servern (bara värd och port) när transport är smtp, annars null',
  })
  smtp: SmtpServerDto | null;

  @ApiProperty({ type: MailSenderDto, description: 'Standardavsändaren (MAIL_FROM_NAME, MAIL_FROM_ADDRESS)' })
  sender: MailSenderDto;

  @ApiProperty({
    type: DkimDto,
    nullable: true,
    description: 'DKIM-signering, eller null om den inte är inställd',
  })
  dkim: DkimDto | null;
}

export class ServiceReachabilityDto {
  @ApiProperty({ description: 'true om tjänsten svarade inom 1,5 s' })
  reachable: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Varför den inte nåddes (utan adress eller lösenord), annars null',
  })
  message: string | null;
}

export class QueueStatusDto {
  @ApiProperty({ description: 'Köns namn', example: 'sending' })
  name: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Jobb som väntar på en arbetare (null om Redis inte svarade)',
  })
  waiting: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Jobb som körs just nu' })
  active: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Jobb som väntar på sin tid (fördröjda, omförsök)',
  })
  delayed: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Misslyckade jobb som finns kvar i Redis (rensas efter en vecka)',
  })
  failed: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Klara jobb som finns kvar i Redis (rensas efter hand)',
  })
  completed: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Arbetare anslutna till kön just nu, enligt Redis (CLIENT LIST); null om Redis inte svarade eller inte tillåter det',
  })
  workers: number | null;
}

export class WorkerHeartbeatsDto {
  @ApiProperty({
    description: 'Om appen registrerar hjärtslag från arbetarprocesserna (det gör den inte än)',
  })
  recorded: boolean;

  @ApiProperty({ description: 'Vad som går att veta om arbetarprocesserna i stället' })
  message: string;
}

export class ImapMailboxStatusDto {
  @ApiProperty({
    description: 'Brevlådan: konto@server/mapp',
    example: 'svar@example.se@imap.example.se/INBOX',
  })
  mailbox: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Senaste hämtningen' })
  lastPollAt: Date | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Senaste hämtningen som gick igenom utan fel',
  })
  lastSuccessAt: Date | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Senaste felet (utan lösenord), kvar tills ett nytt fel ersätter det; jämför tiderna',
  })
  lastError: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'När det senaste felet inträffade',
  })
  lastErrorAt: Date | null;

  @ApiProperty({ description: 'Meddelanden som tagits emot från brevlådan' })
  messagesTaken: number;

  @ApiProperty({
    description: 'Av dem: så stora (över INBOUND_MAX_MESSAGE_BYTES) att bara deras huvud lämnades vidare',
  })
  messagesTruncated: number;
}

export class InboundImapStatusDto {
  @ApiProperty({ description: 'true om en IMAP-brevlåda hämtas (INBOUND_IMAP_HOST är satt)' })
  enabled: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Sekunder mellan hämtningarna (INBOUND_IMAP_INTERVAL_SECONDS), null när den är av',
  })
  intervalSeconds: number | null;

  @ApiProperty({
    type: [ImapMailboxStatusDto],
    description: 'Varje brevlåda som hämtats någon gång (från alla arbetarprocesser, ur databasen)',
  })
  mailboxes: ImapMailboxStatusDto[];
}

export class InboundSmtpStatusDto {
  @ApiProperty({
    description: 'true om SMTP-mottagningen för svarsdomänen är på (INBOUND_SMTP_PORT är satt)',
  })
  enabled: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Svarsdomänen (REPLY_DOMAIN)' })
  replyDomain: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Porten den tar emot på, null när den är av' })
  port: number | null;
}

export class InboundStatusDto {
  @ApiProperty({ type: InboundImapStatusDto })
  imap: InboundImapStatusDto;

  @ApiProperty({ type: InboundSmtpStatusDto })
  smtp: InboundSmtpStatusDto;
}

export class SystemStatusDto {
  @ApiProperty({ description: 'Appens version (package.json)', example: '0.1.0' })
  version: string;

  @ApiProperty({
    enum: PROCESS_ROLES,
    description: 'Den här processens roll (PROCESS_ROLE): all = API och arbetare, api = bara HTTP',
  })
  processRole: ProcessRole;

  @ApiProperty({ format: 'date-time', description: 'När statusen togs fram' })
  checkedAt: Date;

  @ApiProperty({ type: MailStatusDto })
  mail: MailStatusDto;

  @ApiProperty({ type: ServiceReachabilityDto, description: 'PostgreSQL' })
  database: ServiceReachabilityDto;

  @ApiProperty({ type: ServiceReachabilityDto, description: 'Redis (jobbköerna)' })
  redis: ServiceReachabilityDto;

  @ApiProperty({ type: [QueueStatusDto], description: 'Jobbköerna med antal jobb per läge' })
  queues: QueueStatusDto[];

  @ApiProperty({ type: WorkerHeartbeatsDto })
  workerHeartbeats: WorkerHeartbeatsDto;

  @ApiProperty({
    type: InboundStatusDto,
    description: 'Inkommande e-post: IMAP-hämtningen och SMTP-mottagningen',
  })
  inbound: InboundStatusDto;
}
