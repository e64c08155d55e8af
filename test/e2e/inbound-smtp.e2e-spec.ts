import { SmtpReceiverService } from '@app/tracking';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { CORPUS, expectedKind } from '../support/inbound-messages';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The SMTP receiver of the reply domain, started by the app (INBOUND_SMTP_PORT; 0 takes a free port), in front of
 * the real handler: every file of the corpus sent to it as a mail server would is stored with the classification
 * its name says.
 */
describe('Inbound mail through the SMTP receiver, the whole corpus', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(
      { REPLY_DOMAIN: 'svar.example.se', INBOUND_SMTP_PORT: '0' },
      { withWorker: true },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('classifies every corpus file as its name says', async () => {
    const port = t.app.get(SmtpReceiverService).address()?.port;
    expect(port).toBeGreaterThan(0);
    const mailer = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const files = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.eml'))
      .sort();
    expect(files).toHaveLength(24);
    for (const file of files) {
      await mailer.sendMail({
        envelope: { from: 'mailer-daemon@mx.exempel.se', to: ['studs+okand@svar.example.se'] },
        raw: readFileSync(join(CORPUS, file)),
      });
    }
    mailer.close();
    const rows: { kind: string; subject: string | null; message_id: string | null }[] =
      await t.dataSource.query(
        `SELECT kind, subject, message_id FROM inbound_messages ORDER BY received_at, id`,
      );
    // rfc3464-01 carries the very Message-ID of lhost-sendmail-01 (the same report): stored once.
    const stored = files.filter((f) => f !== 'rfc3464-01.eml');
    expect(rows.map((r) => r.kind)).toEqual(stored.map(expectedKind));
    expect(rows.every((r) => r.kind !== 'unreadable')).toBe(true);
  });
});
