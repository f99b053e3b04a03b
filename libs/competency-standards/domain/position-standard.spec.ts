import { ConflictError } from '@kompeten/shared/kernel';
import { NATIONAL_COMPETENCY_CODES } from '../contracts/types';
import { CatalogueEntry, composeItems, diffItems, PositionStandard, StandardItemInput } from './position-standard';
import { draftItems, usualLevel } from './usual-levels';
import { canRead, manageAccess } from './ownership';
import { SYSTEM_ACTOR } from '@kompeten/shared/kernel';

const AGENCY = 'agency-a';
const entry = (code: string, over: Partial<CatalogueEntry> = {}): CatalogueEntry => ({
  id: `id-${code}`,
  code,
  name: code,
  type: code.startsWith('SK') ? 'SOCIOCULTURAL' : code.startsWith('M') ? 'MANAGERIAL' : 'TECHNICAL',
  agencyId: null,
  version: 1,
  definedLevels: [1, 2, 3, 4, 5],
  ...over,
});
const catalogue = new Map<string, CatalogueEntry>([
  ...NATIONAL_COMPETENCY_CODES.map((c) => [c, entry(c)] as const),
  ['TK.A', entry('TK.A', { agencyId: AGENCY, definedLevels: [1, 2, 3] })],
  ['TK.B', entry('TK.B', { agencyId: 'agency-b' })],
]);
const national = (level = 3): StandardItemInput[] =>
  NATIONAL_COMPETENCY_CODES.map((competencyCode) => ({ competencyCode, requiredLevel: level }));

describe('composing a standard', () => {
  it('accepts the nine national competencies and the agency’s technical ones, ordered by type', () => {
    const { items, errors } = composeItems([{ competencyCode: 'TK.A', requiredLevel: 2 }, ...national()], catalogue, AGENCY);
    expect(errors).toEqual([]);
    expect(items.map((i) => i.competencyCode)).toEqual([...NATIONAL_COMPETENCY_CODES, 'TK.A']);
    expect(items[0]).toMatchObject({ competencyVersion: 1, competencyType: 'MANAGERIAL' });
  });

  it('refuses a standard without a national competency', () => {
    const { errors } = composeItems(national().slice(1), catalogue, AGENCY);
    expect(errors).toEqual([{ field: 'items', message: expect.stringContaining('missing M.01') }]);
  });

  it('refuses level 0 or 6, an unknown code, another agency’s competency, an undefined level, a duplicate', () => {
    const inputs = [
      ...national(),
      { competencyCode: 'TK.A', requiredLevel: 5 },
      { competencyCode: 'NOPE', requiredLevel: 1 },
      { competencyCode: 'TK.B', requiredLevel: 1 },
      { competencyCode: 'M.01', requiredLevel: 2 },
    ];
    inputs[0] = { competencyCode: 'M.01', requiredLevel: 0 };
    inputs[1] = { competencyCode: 'M.02', requiredLevel: 6 };
    const { errors } = composeItems(inputs, catalogue, AGENCY);
    expect(errors.map((e) => e.field)).toEqual([
      'items[0].requiredLevel',
      'items[1].requiredLevel',
      'items[9].requiredLevel',
      'items[10].competencyCode',
      'items[11].competencyCode',
      'items[12].competencyCode',
    ]);
    expect(errors[2].message).toContain('does not define level 5');
  });
});

describe('PositionStandard versions', () => {
  const position = { id: 'p1', code: 'P1', agencyId: AGENCY };

  it('publishes version 1, then only when something changed, with the changes in the event', () => {
    const standard = PositionStandard.none(position);
    expect(standard.publish(composeItems(national(2), catalogue, AGENCY).items, { expectedVersion: 0 })).toBe(true);
    const [first] = standard.pullEvents();
    expect(first.payload).toMatchObject({ positionId: 'p1', agencyId: AGENCY, version: 1, previousVersion: null });
    expect((first.payload as any).changes.added).toHaveLength(9);

    expect(standard.publish(composeItems(national(2), catalogue, AGENCY).items)).toBe(false);
    const changed = national(2);
    changed[2] = { competencyCode: 'M.03', requiredLevel: 4 };
    expect(
      standard.publish(composeItems([...changed, { competencyCode: 'TK.A', requiredLevel: 1 }], catalogue, AGENCY).items, {
        expectedVersion: 1,
      }),
    ).toBe(true);
    const [second] = standard.pullEvents();
    expect(second.payload).toMatchObject({
      version: 2,
      previousVersion: 1,
      changes: {
        added: [{ competencyCode: 'TK.A', competencyVersion: 1, requiredLevel: 1 }],
        removed: [],
        changed: [{ competencyCode: 'M.03', oldRequiredLevel: 2, newRequiredLevel: 4, oldCompetencyVersion: 1, newCompetencyVersion: 1 }],
      },
    });
  });

  it('refuses a stale version', () => {
    const standard = PositionStandard.none(position);
    expect(() => standard.publish(composeItems(national(), catalogue, AGENCY).items, { expectedVersion: 1 })).toThrow(ConflictError);
  });

  it('a new competency version counts as a change of the item', () => {
    const before = composeItems(national(), catalogue, AGENCY).items;
    const newer = new Map(catalogue);
    newer.set('M.05', entry('M.05', { version: 2 }));
    const after = composeItems(national(), newer, AGENCY).items;
    expect(diffItems(before, after).changed).toEqual([
      { competencyCode: 'M.05', oldRequiredLevel: 3, newRequiredLevel: 3, oldCompetencyVersion: 1, newCompetencyVersion: 2 },
    ]);
  });
});

describe('usual levels and drafts', () => {
  it('follows the table for structural positions and the chosen defaults for functional grades', () => {
    expect(['JPT_UTAMA', 'JPT_MADYA', 'JPT_PRATAMA', 'ADMINISTRATOR', 'PENGAWAS', 'PELAKSANA'].map((k) => usualLevel(k, null))).toEqual([
      5, 5, 4, 3, 2, 1,
    ]);
    expect(
      ['AHLI_UTAMA', 'AHLI_MADYA', 'AHLI_MUDA', 'AHLI_PERTAMA', 'PENYELIA', 'MAHIR', 'TERAMPIL', 'PEMULA'].map((g) =>
        usualLevel('FUNGSIONAL', g),
      ),
    ).toEqual([4, 3, 2, 1, 2, 1, 1, 1]);
  });

  it('drafts the nine national competencies at the usual level, within the levels each defines', () => {
    const items = draftItems('ADMINISTRATOR', null, [
      ...NATIONAL_COMPETENCY_CODES.map((c) => entry(c)),
      entry('X', { definedLevels: [4, 5] }),
    ]);
    expect(items.filter((i) => i.competencyCode !== 'X').every((i) => i.requiredLevel === 3)).toBe(true);
    expect(items.find((i) => i.competencyCode === 'X')!.requiredLevel).toBe(4);
  });
});

describe('ownership', () => {
  const agencyAdmin = { ...SYSTEM_ACTOR, role: 'AGENCY_ADMIN' as const, agencyId: AGENCY, email: 'a@x' };
  const employee = { ...agencyAdmin, role: 'EMPLOYEE' as const };
  it('an agency admin manages only their agency’s competencies and reads national ones', () => {
    expect(manageAccess(agencyAdmin, { agencyId: AGENCY })).toBe('granted');
    expect(manageAccess(agencyAdmin, { agencyId: null })).toBe('read-only');
    expect(manageAccess(agencyAdmin, { agencyId: 'agency-b' })).toBe('hidden');
    expect(manageAccess({ ...agencyAdmin, role: 'MINISTRY_ADMIN', agencyId: null }, { agencyId: null })).toBe('granted');
    expect(manageAccess(employee, { agencyId: AGENCY })).toBe('read-only');
    expect(canRead(employee, { agencyId: 'agency-b' })).toBe(false);
    expect(canRead(employee, { agencyId: null })).toBe(true);
  });
});
