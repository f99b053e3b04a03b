import { inspectRaw, MAX_NESTING } from './validation';

describe('inspectRaw', () => {
  it('passes ordinary JSON', () => {
    expect(inspectRaw({ code: 'X', items: [{ level: 1, text: 'ok' }], n: null, b: true })).toEqual([]);
  });

  it('names prototype keys at any depth', () => {
    const body = JSON.parse('{"a":{"__proto__":{"x":1}},"constructor":1,"list":[{"prototype":2}]}');
    expect(
      inspectRaw(body)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['a.__proto__', 'constructor', 'list[0].prototype']);
  });

  it('names strings with NUL characters', () => {
    expect(inspectRaw({ name: 'a\u0000b', items: ['ok', 'x\u0000'] })).toEqual([
      { field: 'items[1]', message: expect.stringMatching(/NUL/) },
      { field: 'name', message: expect.stringMatching(/NUL/) },
    ]);
    expect(inspectRaw('a\u0000b', 'id')).toEqual([{ field: 'id', message: expect.stringMatching(/NUL/) }]);
  });

  it('refuses absurd nesting without exhausting the stack', () => {
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
    const errors = inspectRaw({ deep });
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(String(MAX_NESTING));
  });

  it('leaves raw bodies alone', () => {
    expect(inspectRaw(Buffer.from('a\u0000b'))).toEqual([]);
  });
});
