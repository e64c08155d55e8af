import { createCrmIntContext, CrmIntContext } from '../contacts/test-support/crm-int-context';
import { suppressionForFailure } from './delivery-failure';
import { emailHash, hashableEmail, hashableEmailSql } from './email-hash';

/** Addresses as they arrive from imports, forms, bounces and old data: spaces, case, and what is not ASCII. */
const INPUTS = [
  'anna@example.se',
  '  Anna.Oberg@Example.SE ',
  '\tbo@exempel.se\r\n',
  '\u00a0nbsp@exempel.se\u00a0', // a no-break space is not ASCII whitespace: kept by both
  'ÅSA@EXEMPEL.SE', // only A–Z are lower-cased, by both
  'İstanbul@example.com',
  'x\u2028@example.se',
  '',
  '   ',
  'ÖSTERSUND@REGION.SE\u000b',
  // PostgreSQL's E'' strings have no \v: a rule written with it would strip the letter v.
  'viveka@exempel.sev',
];

describe('the e-mail hash rule: one rule in SQL and TypeScript', () => {
  let t: CrmIntContext;
  beforeAll(async () => {
    t = await createCrmIntContext();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(INPUTS.map((input) => [JSON.stringify(input), input]))(
    'email_hash() in PostgreSQL equals emailHash() for %s',
    async (_label, input) => {
      const [{ hash, hashable }] = await t.dataSource.query(
        `SELECT email_hash($1) AS hash, ${hashableEmailSql('$1::text')} AS hashable`,
        [input],
      );
      expect(hash).toBe(emailHash(input));
      expect(hashable).toBe(hashableEmail(input));
    },
  );

  it('trims ASCII whitespace and lower-cases A–Z, and nothing else', () => {
    expect(hashableEmail('  Anna.Oberg@Example.SE\t')).toBe('anna.oberg@example.se');
    expect(hashableEmail('ÅSA@X.SE')).toBe('Åsa@x.se');
    expect(hashableEmail('\u00a0a@b.se')).toBe('\u00a0a@b.se');
  });
});

describe('suppressionForFailure: when a failed delivery means "never mail this address again"', () => {
  it.each([
    [{ permanent: true, enhancedCode: '5.1.1' }, 'bounced'],
    [{ permanent: true, enhancedCode: '5.1.10' }, 'bounced'],
    [{ permanent: true, responseCode: 550, diagnostic: '550 No such user here' }, 'bounced'],
    [{ permanent: true, enhancedCode: '5.7.1', diagnostic: 'Rejected by policy' }, null],
    [{ permanent: true, enhancedCode: '5.2.2', diagnostic: 'Mailbox full' }, null],
    [{ permanent: false, enhancedCode: '4.1.1', diagnostic: 'user unknown (try later)' }, null],
  ])('%j → %s', (failure, expected) => {
    expect(suppressionForFailure(failure)).toBe(expected);
  });
});
