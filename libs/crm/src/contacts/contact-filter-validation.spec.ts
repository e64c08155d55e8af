import { AppException } from '@app/common';
import { parseContactFilter } from './contact-filter-validation';

function errorOf(fn: () => unknown): AppException {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppException) return err;
    throw err;
  }
  throw new Error('expected an AppException');
}

describe('parseContactFilter', () => {
  it('accepts every field and normalises text', () => {
    expect(
      parseContactFilter({
        q: '  öberg ',
        organizationId: 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA',
        organizationKind: 'member',
        regionId: 4,
        role: 'kulturchef',
        tag: ' styrelse ',
        language: 'en',
        elected: false,
        listId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      }),
    ).toEqual({
      q: 'öberg',
      organizationId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      organizationKind: 'member',
      regionId: 4,
      role: 'kulturchef',
      tag: 'styrelse',
      language: 'en',
      elected: false,
      listId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
    });
  });

  it('accepts an empty filter (everyone)', () => {
    expect(parseContactFilter({})).toEqual({});
  });

  it('refuses unknown fields and names them', () => {
    const err = errorOf(() => parseContactFilter({ role: 'kulturchef', everyone: true }));
    expect(err.message).toContain('everyone');
    expect(err.details).toMatchObject({ unknownFields: ['everyone'] });
  });

  it.each([
    [{ role: 'chef' }, 'filter.role'],
    [{ organizationKind: 'enemy' }, 'filter.organizationKind'],
    [{ language: 'de' }, 'filter.language'],
    [{ regionId: '4' }, 'filter.regionId'],
    [{ regionId: 1.5 }, 'filter.regionId'],
    [{ elected: 'yes' }, 'filter.elected'],
    [{ listId: 'not-a-uuid' }, 'filter.listId'],
    [{ q: 5 }, 'filter.q'],
  ])('refuses %j naming %s', (filter, field) => {
    expect(errorOf(() => parseContactFilter(filter)).details).toMatchObject({ field });
  });

  it('refuses a non-object', () => {
    expect(errorOf(() => parseContactFilter([])).details).toMatchObject({ field: 'filter' });
  });
});
