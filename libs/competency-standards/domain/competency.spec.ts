import { ConflictError, InvalidInputError, RuleViolationError } from '@kompeten/shared/kernel';
import { checkCompetencyContent, Competency, competencyContent, CompetencyInput, sameContent } from './competency';
import { NATIONAL_DICTIONARY } from './national-dictionary';

const technical = (over: Partial<CompetencyInput> = {}): CompetencyInput => ({
  name: 'Pengelolaan Anggaran',
  type: 'TECHNICAL',
  definition: 'Mengelola anggaran unit kerja.',
  agencyId: '0190b0a0-0000-7000-8000-000000000001',
  levels: [
    { level: 2, description: 'Menyusun anggaran', indicators: [{ text: 'Menyusun RAB' }, { number: '2.2', text: 'Menghitung biaya' }] },
    { level: 1, description: 'Memahami anggaran', indicators: [{ number: '1.1', text: 'Menjelaskan siklus anggaran' }] },
  ],
  ...over,
});

describe('competency content', () => {
  it('normalises: levels in order, missing indicator numbers assigned', () => {
    const content = competencyContent(technical());
    expect(content.levels.map((l) => l.level)).toEqual([1, 2]);
    expect(content.levels[1].indicators.map((i) => i.number)).toEqual(['2.1', '2.2']);
  });

  it('lets a technical competency define only some levels', () => {
    expect(checkCompetencyContent(technical()).errors).toEqual([]);
  });

  it('requires all five levels of a managerial or sociocultural competency, and no agency', () => {
    const { errors } = checkCompetencyContent(technical({ type: 'MANAGERIAL' }));
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'agencyId', message: expect.stringContaining('national') },
        { field: 'levels', message: expect.stringContaining('missing 3, 4, 5') },
      ]),
    );
  });

  it('names each failing field by its path', () => {
    const { errors } = checkCompetencyContent(
      technical({
        name: '  ',
        levels: [
          { level: 6, description: 'x', indicators: [{ text: 'y' }] },
          { level: 1, description: 'x', indicators: [{ number: '1.2', text: 'y' }] },
          { level: 1, description: '', indicators: [] },
        ],
      }),
    );
    expect(errors.map((e) => e.field)).toEqual([
      'name',
      'levels[0].level',
      'levels[1].indicators[0].number',
      'levels[2].level',
      'levels[2].description',
      'levels[2].indicators',
    ]);
  });

  it('throws InvalidInputError with the field errors', () => {
    expect(() => competencyContent(technical({ levels: [] }))).toThrow(InvalidInputError);
  });

  it('the national dictionary is valid and complete', () => {
    expect(NATIONAL_DICTIONARY.map((c) => c.code)).toEqual(['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01']);
    for (const c of NATIONAL_DICTIONARY) expect(checkCompetencyContent(c).errors).toEqual([]);
  });
});

describe('Competency versions', () => {
  it('creating publishes version 1 with CompetencyPublished', () => {
    const c = Competency.create('TK.01', competencyContent(technical()));
    expect(c.state.version).toBe(1);
    const [event] = c.pullEvents();
    expect(event.name).toBe('CompetencyPublished');
    expect(event.payload).toMatchObject({ code: 'TK.01', version: 1, previousVersion: null, definedLevels: [1, 2], type: 'TECHNICAL' });
  });

  it('a change publishes the next version; the same content publishes nothing', () => {
    const c = Competency.create('TK.01', competencyContent(technical()));
    c.pullEvents();
    expect(c.revise(competencyContent(technical()))).toBe(false);
    expect(c.pullEvents()).toEqual([]);
    expect(c.revise(competencyContent(technical({ name: 'Anggaran' })), { expectedVersion: 1 })).toBe(true);
    expect(c.state.version).toBe(2);
    expect(c.pullEvents()[0].payload).toMatchObject({ version: 2, previousVersion: 1, name: 'Anggaran' });
  });

  it('refuses a stale version (409), a type or owner change (422)', () => {
    const c = Competency.restore({
      id: 'x',
      code: 'TK.01',
      version: 3,
      content: competencyContent(technical()),
      summary: false,
      publishedAt: new Date(),
    });
    expect(() => c.revise(competencyContent(technical({ name: 'n' })), { expectedVersion: 2 })).toThrow(ConflictError);
    expect(() => c.revise(competencyContent(technical({ agencyId: null })))).toThrow(RuleViolationError);
    const m = NATIONAL_DICTIONARY[0];
    expect(() => c.revise(competencyContent({ ...m, agencyId: null }))).toThrow(RuleViolationError);
  });

  it('equality ignores nothing but the order levels were given in', () => {
    const a = competencyContent(technical());
    const b = competencyContent(technical({ levels: [...technical().levels].reverse() }));
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, competencyContent(technical({ definition: 'Lain.' })))).toBe(false);
  });
});
