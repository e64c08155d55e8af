import type { AudienceCandidate } from '@app/crm';
import { classifyAudience } from './audience-rules';

const c = (
  id: string,
  email: string | null,
  suppressionReason: AudienceCandidate['suppressionReason'] = null,
) => ({
  contactId: id,
  firstName: id,
  lastName: '',
  email,
  suppressionReason,
});

describe('classifyAudience', () => {
  it('gives each exclusion its reason and keeps the first of duplicate addresses', () => {
    const result = classifyAudience([
      c('a', 'anna@example.se'),
      c('b', null),
      c('c', '  '),
      c('d', 'ANNA@example.se'),
      c('e', 'u@example.se', 'unsubscribed'),
      c('f', 'b@example.se', 'bounced'),
      c('g', 'k@example.se', 'complained'),
      c('h', 'm@example.se', 'manual'),
      c('i', 'e@example.se', 'erased'),
      c('j', 'per@example.se'),
    ]);
    expect(result.map((r) => [r.contactId, r.excludedBecause])).toEqual([
      ['a', null],
      ['b', 'no_email'],
      ['c', 'no_email'],
      ['d', 'duplicate_email'],
      ['e', 'unsubscribed'],
      ['f', 'bounced'],
      ['g', 'complained'],
      ['h', 'suppressed'],
      ['i', 'suppressed'],
      ['j', null],
    ]);
  });
});
