import { afterDevelopment, assertDeclinable, assertStatable, canMove, movableBy } from './training-need';

describe('training need status', () => {
  it('moves OPEN → PLANNED → ADDRESSED as Development tells, and never back', () => {
    expect(afterDevelopment('OPEN', 'PLANNED')).toBe('PLANNED');
    expect(afterDevelopment('PLANNED', 'COMPLETED')).toBe('ADDRESSED');
    expect(afterDevelopment('OPEN', 'COMPLETED')).toBe('ADDRESSED');
    // A late or repeated fact changes nothing.
    expect(afterDevelopment('PLANNED', 'PLANNED')).toBe('PLANNED');
    expect(afterDevelopment('ADDRESSED', 'PLANNED')).toBe('ADDRESSED');
    expect(afterDevelopment('DECLINED', 'COMPLETED')).toBe('DECLINED');
    expect(movableBy('PLANNED')).toEqual(['OPEN']);
    expect(movableBy('COMPLETED')).toEqual(['OPEN', 'PLANNED']);
  });

  it('declines only a live need, and only with a reason', () => {
    expect(canMove('OPEN', 'DECLINED')).toBe(true);
    expect(canMove('PLANNED', 'DECLINED')).toBe(true);
    expect(() => assertDeclinable('OPEN', 'Budget spent this year')).not.toThrow();
    expect(() => assertDeclinable('OPEN', '  ')).toThrow(expect.objectContaining({ kind: 'invalid' }));
    expect(() => assertDeclinable('ADDRESSED', 'late')).toThrow(expect.objectContaining({ kind: 'rule' }));
    expect(() => assertDeclinable('DECLINED', 'twice')).toThrow(expect.objectContaining({ kind: 'rule' }));
  });

  it('names a competency or says what is needed in text', () => {
    expect(() => assertStatable({ competencyCode: 'M.01' })).not.toThrow();
    expect(() => assertStatable({ text: 'Excel untuk analisis anggaran' })).not.toThrow();
    expect(() => assertStatable({ competencyCode: null, text: '   ' })).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});
