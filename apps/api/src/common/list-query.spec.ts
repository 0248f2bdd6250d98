import { AppException } from './errors.js';
import { encodeCursor, MAX_PAGE, parseListQuery, timeBounds, type ListSpec } from './list-query.js';

const SPEC: ListSpec = {
  resource: 'things',
  sort: { name: 't.name', createdAt: 't.created_at', id: 't.id' },
  filters: {
    id: { column: 't.id', type: 'uuid' },
    active: { column: 't.active', type: 'boolean' },
    size: { column: 't.size', type: 'int' },
    kind: { column: 't.kind', type: 'enum', values: ['a', 'b'] },
    q: { column: 't.name', type: 'string', op: 'search' },
    at_gte: { column: 't.at', type: 'timestamp', op: 'gte' },
    at_lte: { column: 't.at', type: 'timestamp', op: 'lte' },
  },
  defaultSort: ['name', 'ASC'],
  tieBreaker: 't.id',
};

const j = (v: unknown) => JSON.stringify(v);

/** The field error a parse throws, as `field/rule`. */
function refusal(query: Record<string, unknown>): string {
  try {
    parseListQuery(query, SPEC);
  } catch (e) {
    expect(e).toBeInstanceOf(AppException);
    const err = e as AppException;
    expect(err.getStatus()).toBe(400);
    expect(err.code).toBe('VALIDATION_FAILED');
    return `${err.fieldErrors![0].field}/${err.fieldErrors![0].rule}`;
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
}

describe('list query parsing (react-admin simple-rest)', () => {
  it('defaults to the first 25 in the default order with no filter', () => {
    expect(parseListQuery({}, SPEC)).toEqual({ sort: ['name', 'ASC'], offset: 0, limit: 25, filter: {} });
  });

  it('reads sort, range and filter', () => {
    const id = '3b241101-e2bb-4255-8caf-4136c566a962';
    expect(
      parseListQuery({ sort: j(['createdAt', 'desc']), range: j([10, 19]), filter: j({ id, active: false, kind: 'b', q: 'x' }) }, SPEC),
    ).toEqual({
      sort: ['createdAt', 'DESC'],
      offset: 10,
      limit: 10,
      filter: { id, active: false, kind: 'b', q: 'x' },
    });
    expect(parseListQuery({ filter: j({ id: [id, id] }) }, SPEC).filter).toEqual({ id: [id, id] });
  });

  it('allows a page of exactly MAX_PAGE and refuses one more', () => {
    expect(parseListQuery({ range: j([0, MAX_PAGE - 1]) }, SPEC).limit).toBe(MAX_PAGE);
    expect(refusal({ range: j([0, MAX_PAGE]) })).toBe('range/max');
    expect(refusal({ range: j([500, 500 + MAX_PAGE]) })).toBe('range/max');
  });

  it('refuses unknown parameters, sort fields and filter fields, naming them', () => {
    expect(refusal({ page: '2' })).toBe('page/unknown');
    expect(refusal({ sort: j(['password', 'ASC']) })).toBe('sort/allowed');
    expect(refusal({ sort: j(['__proto__', 'ASC']) })).toBe('sort/allowed');
    expect(refusal({ sort: j(['constructor', 'ASC']) })).toBe('sort/allowed');
    expect(refusal({ filter: j({ secret: 1 }) })).toBe('filter.secret/allowed');
    expect(refusal({ filter: '{"__proto__": {"x": 1}}' })).toBe('filter.__proto__/allowed');
    expect(refusal({ filter: j({ toString: 'x' }) })).toBe('filter.toString/allowed');
  });

  it('refuses malformed JSON and wrong shapes', () => {
    expect(refusal({ sort: '["name",' })).toBe('sort/json');
    expect(refusal({ sort: ['a', 'b'] })).toBe('sort/json');
    expect(refusal({ sort: j('name') })).toBe('sort/format');
    expect(refusal({ sort: j(['name']) })).toBe('sort/format');
    expect(refusal({ sort: j([1, 'ASC']) })).toBe('sort/format');
    expect(refusal({ sort: j(['name', 'UP']) })).toBe('sort/order');
    expect(refusal({ range: j({ from: 0 }) })).toBe('range/format');
    expect(refusal({ range: j([0]) })).toBe('range/format');
    expect(refusal({ range: j([5, 4]) })).toBe('range/format');
    expect(refusal({ range: j([-1, 4]) })).toBe('range/format');
    expect(refusal({ range: j([0.5, 4]) })).toBe('range/format');
    expect(refusal({ range: j(['0', '4']) })).toBe('range/format');
    expect(refusal({ range: '[1e20,1e20]' })).toBe('range/format');
    expect(refusal({ filter: j([1, 2]) })).toBe('filter/format');
    expect(refusal({ filter: 'null' })).toBe('filter/format');
    expect(refusal({ filter: '"text"' })).toBe('filter/format');
    expect(refusal({ filter: '{bad json}' })).toBe('filter/json');
  });

  it('checks each filter value against its type', () => {
    expect(refusal({ filter: j({ id: 'not-a-uuid' }) })).toBe('filter.id/isUuid');
    expect(refusal({ filter: j({ id: ["3b241101-e2bb-4255-8caf-4136c566a962' OR 1=1"] }) })).toBe('filter.id/isUuid');
    expect(refusal({ filter: j({ id: 42 }) })).toBe('filter.id/isUuid');
    expect(refusal({ filter: j({ active: 'true' }) })).toBe('filter.active/isBoolean');
    expect(refusal({ filter: j({ size: 1.5 }) })).toBe('filter.size/isInt');
    expect(refusal({ filter: j({ size: 2 ** 60 }) })).toBe('filter.size/isInt');
    expect(refusal({ filter: j({ kind: 'c' }) })).toBe('filter.kind/isIn');
    expect(refusal({ filter: j({ q: { $ne: 1 } }) })).toBe('filter.q/isString');
    expect(refusal({ filter: j({ q: 'x'.repeat(201) }) })).toBe('filter.q/isString');
    expect(refusal({ filter: j({ q: 'a\u0000b' }) })).toBe('filter.q/isString');
    expect(refusal({ filter: j({ q: ['a', 'b'] }) })).toBe('filter.q/format');
    expect(refusal({ filter: j({ id: Array(MAX_PAGE + 1).fill('3b241101-e2bb-4255-8caf-4136c566a962') }) })).toBe('filter.id/max');
  });

  it('reads time filters as spans at the precision written, in UTC', () => {
    const f = (v: string) => parseListQuery({ filter: j({ at_gte: v }) }, SPEC).filter.at_gte;
    expect(f('2026-11-26')).toEqual({ start: '2026-11-26T00:00:00.000Z', end: '2026-11-27T00:00:00.000Z' });
    expect(f('2026-11-26T10:15')).toEqual({ start: '2026-11-26T10:15:00.000Z', end: '2026-11-26T10:16:00.000Z' });
    expect(f('2026-11-26T10:15:30')).toEqual({ start: '2026-11-26T10:15:30.000Z', end: '2026-11-26T10:15:31.000Z' });
    expect(f('2026-11-26T10:15:30.123Z')).toEqual({ start: '2026-11-26T10:15:30.123Z', end: '2026-11-26T10:15:30.124Z' });
    expect(f('2026-11-26T10:15:30.123456Z')).toEqual({ start: '2026-11-26T10:15:30.123Z', end: '2026-11-26T10:15:30.124Z' });
    expect(f('2026-11-26T12:15:30+02:00')).toEqual({ start: '2026-11-26T10:15:30.000Z', end: '2026-11-26T10:15:31.000Z' });
    expect(timeBounds('2028-02-29')).not.toBeNull();
  });

  it('refuses times that are not ISO 8601 or not on the calendar', () => {
    for (const v of [
      '1',
      'yesterday',
      '2026-13-01',
      '2026-02-30',
      '2027-02-29',
      '2026-11-26T24:00',
      '2026-11-26T10:60',
      '26/11/2026',
      '2026-11-26 10:15',
      '+275760-09-13',
      '2026-11-26T10:15:30.1234567Z',
    ]) {
      expect([v, refusal({ filter: j({ at_lte: v }) })]).toEqual([v, 'filter.at_lte/isDate']);
    }
    expect(refusal({ filter: j({ at_gte: 20261126 }) })).toBe('filter.at_gte/isDate');
    expect(refusal({ filter: j({ at_gte: ['2026-11-26'] }) })).toBe('filter.at_gte/format');
  });

  it('follows a keyset cursor only where the spec allows one, and only in a sort it names', () => {
    const KEYSET: ListSpec = { ...SPEC, keyset: ['createdAt', 'id'] };
    const id = '3b241101-e2bb-4255-8caf-4136c566a962';
    const cursor = encodeCursor('2026-11-26 10:15:30.123456+00', id);
    expect(parseListQuery({ sort: j(['createdAt', 'DESC']), range: j([400, 424]), cursor }, KEYSET)).toEqual({
      sort: ['createdAt', 'DESC'],
      offset: 400,
      limit: 25,
      filter: {},
      cursor: { value: '2026-11-26 10:15:30.123456+00', id },
    });
    // A list without keyset support does not know the parameter at all.
    expect(refusal({ cursor })).toBe('cursor/unknown');
    const refuse = (query: Record<string, unknown>) => {
      try {
        parseListQuery(query, KEYSET);
      } catch (e) {
        return `${(e as AppException).fieldErrors![0].field}/${(e as AppException).fieldErrors![0].rule}`;
      }
      throw new Error(`accepted ${JSON.stringify(query)}`);
    };
    expect(refuse({ sort: j(['name', 'ASC']), cursor })).toBe('cursor/allowed');
    for (const bad of [
      '%%',
      'x'.repeat(501),
      Buffer.from('{"a":1}').toString('base64url'),
      encodeCursor('x', 'not-a-uuid'),
      Buffer.from(JSON.stringify([1, id])).toString('base64url'),
    ]) {
      expect([bad, refuse({ sort: j(['createdAt', 'ASC']), cursor: bad })]).toEqual([bad, 'cursor/format']);
    }
  });
});
