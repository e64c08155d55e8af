import { AppConfig, ConfigModule, loadConfig } from '@app/config';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { simpleParser } from 'mailparser';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { MailTransport, OutgoingMessage } from './mail-transport';
import { MailTransportCloser, mailTransportProvider } from './mail-transport.provider';
import { stableMessageId, unsubscribeHeaders } from './message-headers';
import { OUTBOX_RESPONSE, OutboxTransport } from './outbox-transport';
import { SmtpTransport } from './smtp-transport';
import { startSink } from '../../../../test/support/smtp-sink';

/** The provider and its closer wired by Nest exactly as MailModule wires them, on a real database. */
async function transportModule(
  db: TestDatabase,
  env: Record<string, string>,
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(loadConfig({ NODE_ENV: 'test', ...env })),
      TypeOrmModule.forRoot({ type: 'postgres', url: db.url, entities: [OutboxMessage], synchronize: false }),
      TypeOrmModule.forFeature([OutboxMessage]),
    ],
    providers: [mailTransportProvider, MailTransportCloser],
  }).compile();
  return moduleRef.createNestApplication().init();
}

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  from: { name: 'Förbundets kansli', address: 'kansli@example.se' },
  to: 'anna.oberg@exempel.se',
  replyTo: 'svar@example.se',
  subject: 'Inbjudan till dialogmöte i Region Dalarna',
  html: '<p>Hej Anna Öberg!</p>',
  text: 'Hej Anna Öberg!',
  messageId: stableMessageId('c1', 'p1', 'crm.example.se'),
  headers: unsubscribeHeaders('https://crm.example.se/u/tok123'),
  purpose: 'newsletter',
  ...overrides,
});

describe('the application MailTransport', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is the outbox by default: the message is stored with its headers, and nothing is sent', async () => {
    const app = await transportModule(db, {});
    try {
      const transport = app.get(MailTransport);
      expect(transport).toBeInstanceOf(OutboxTransport);
      expect(transport.name).toBe('outbox');

      // A mailing and a ledger row for the outbox row to point at.
      const dataSource = app.get(DataSource);
      const [{ id: templateId }] = await dataSource.query(
        `INSERT INTO templates (name) VALUES ('Inbjudan') RETURNING id`,
      );
      const [{ id: versionId }] = await dataSource.query(
        `INSERT INTO template_versions (template_id, version, subject_sv, mjml_sv)
         VALUES ($1, 1, 'Inbjudan', '<mjml></mjml>') RETURNING id`,
        [templateId],
      );
      const [{ id: mailingId }] = await dataSource.query(
        `INSERT INTO mailings (purpose, scope_type, scope_id, title, template_version_id, from_name, from_address)
         VALUES ('newsletter', 'campaign', gen_random_uuid(), 'Dialogmöten', $1, 'Kansliet', 'kansli@example.se')
         RETURNING id`,
        [versionId],
      );
      const [{ id: recipientId }] = await dataSource.query(
        `INSERT INTO mailing_recipients (mailing_id, email) VALUES ($1, 'anna.oberg@exempel.se') RETURNING id`,
        [mailingId],
      );

      const result = await transport.send(message({ mailingId, recipientId: String(recipientId) }));
      expect(result).toEqual({ response: OUTBOX_RESPONSE, messageId: 'c1.p1@crm.example.se' });

      const rows = await dataSource.getRepository(OutboxMessage).find();
      expect(rows).toHaveLength(1);
      const [stored] = rows;
      expect(stored).toMatchObject({
        mailingId,
        purpose: 'newsletter',
        recipientId: String(recipientId),
        messageId: 'c1.p1@crm.example.se',
        fromAddress: 'kansli@example.se',
        toAddress: 'anna.oberg@exempel.se',
        replyTo: 'svar@example.se',
        subject: 'Inbjudan till dialogmöte i Region Dalarna',
        html: '<p>Hej Anna Öberg!</p>',
        text: 'Hej Anna Öberg!',
      });
      expect(stored.headers).toEqual({
        'Message-ID': '<c1.p1@crm.example.se>',
        From: '"Förbundets kansli" <kansli@example.se>',
        To: 'anna.oberg@exempel.se',
        'Reply-To': 'svar@example.se',
        Subject: 'Inbjudan till dialogmöte i Region Dalarna',
        'List-Unsubscribe': '<https://crm.example.se/u/tok123>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });

      // A test send belongs to no mailing.
      await transport.send(message({ messageId: 'test.1@crm.example.se', replyTo: undefined }));
      const test = await dataSource
        .getRepository(OutboxMessage)
        .findOneByOrFail({ messageId: 'test.1@crm.example.se' });
      expect(test.mailingId).toBeNull();
      expect(test.replyTo).toBeNull();
      expect(test.headers).not.toHaveProperty('Reply-To');

      // A reminder in the invitation's thread, with the meeting as a calendar file: kept as it would be sent.
      await transport.send(
        message({
          messageId: 'paminnelse.p1@crm.example.se',
          purpose: 'reminder',
          contactId: '00000000-0000-4000-8000-000000000001',
          inReplyTo: 'inbjudan.p1@crm.example.se',
          references: ['inbjudan.p1@crm.example.se'],
          attachments: [
            {
              filename: 'mote.ics',
              contentType: 'text/calendar; method=REQUEST',
              content: 'BEGIN:VCALENDAR',
            },
          ],
        }),
      );
      const reminder = await dataSource
        .getRepository(OutboxMessage)
        .findOneByOrFail({ messageId: 'paminnelse.p1@crm.example.se' });
      expect(reminder).toMatchObject({
        purpose: 'reminder',
        contactId: '00000000-0000-4000-8000-000000000001',
      });
      expect(reminder.headers).toMatchObject({
        'In-Reply-To': '<inbjudan.p1@crm.example.se>',
        References: '<inbjudan.p1@crm.example.se>',
      });
      expect(reminder.attachments).toEqual([
        {
          filename: 'mote.ics',
          contentType: 'text/calendar; method=REQUEST',
          contentBase64: Buffer.from('BEGIN:VCALENDAR').toString('base64'),
        },
      ]);
    } finally {
      await app.close();
    }
  });

  it('is pooled SMTP with MAIL_TRANSPORT=smtp, DKIM-signed with the key file, and closed on shutdown', async () => {
    const sink = await startSink();
    const dir = mkdtempSync(join(tmpdir(), 'dkim-'));
    const keyFile = join(dir, 'dkim.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    const app = await transportModule(db, {
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: sink.url,
      SMTP_POOL_CONNECTIONS: '2',
      DKIM_DOMAIN: 'example.se',
      DKIM_SELECTOR: 'crm',
      DKIM_PRIVATE_KEY_FILE: keyFile,
    });
    let closed = false;
    try {
      const transport = app.get(MailTransport);
      expect(transport).toBeInstanceOf(SmtpTransport);
      expect(transport.name).toBe('smtp');
      expect(app.get(AppConfig).SMTP_POOL_CONNECTIONS).toBe(2);
      const closeSpy = jest.spyOn(transport, 'close');

      const result = await transport.send(message());
      expect(result.response).toMatch(/^250/);
      expect(sink.received).toHaveLength(1);
      const raw = sink.received[0].raw.toString();
      const parsed = await simpleParser(sink.received[0].raw);
      expect(parsed.messageId).toBe('<c1.p1@crm.example.se>');
      const signature = /^DKIM-Signature:([\s\S]*?)\r\n(?=\S)/m.exec(raw)?.[1].replace(/\s+/g, '') ?? '';
      expect(signature).toMatch(/(^|;)d=example\.se;/);
      expect(signature).toMatch(/(^|;)s=crm;/);
      expect(signature.toLowerCase()).toMatch(/h=[^;]*list-unsubscribe-post/);
      // Nothing new in the outbox: still only the row the outbox test stored.
      expect(
        await app.get(DataSource).getRepository(OutboxMessage).countBy({ messageId: 'c1.p1@crm.example.se' }),
      ).toBe(1);

      await app.close();
      closed = true;
      expect(closeSpy).toHaveBeenCalledTimes(1);
    } finally {
      if (!closed) await app.close();
      await sink.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to a DKIM key given inline with escaped line breaks', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const sink = await startSink();
    const app = await transportModule(db, {
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: sink.url,
      DKIM_DOMAIN: 'example.se',
      DKIM_SELECTOR: 'crm',
      DKIM_PRIVATE_KEY: pem.trim().replace(/\n/g, '\\n'),
    });
    try {
      await app.get(MailTransport).send(message());
      expect(sink.received[0].raw.toString()).toMatch(/^DKIM-Signature:/m);
    } finally {
      await app.close();
      await sink.close();
    }
  });
});
