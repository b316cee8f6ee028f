import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/app-error.js';
import { parseCsv, readTokenCsv } from './token-csv.js';

describe('parseCsv', () => {
  it.each([
    ['plain', 'a,b\n1,2\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['CRLF and a BOM', '\uFEFFa,b\r\n1,2\r\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['lone CR line ends', 'a,b\r1,2', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['quoted delimiter, quote and line break', 'a,b\n"x,y","say ""hi""\nthere"\n3,4', [[1, ['a', 'b']], [2, ['x,y', 'say "hi"\nthere']], [4, ['3', '4']]]],
    ['blank lines skipped but counted', 'a\n\n1\n  \n2', [[1, ['a']], [3, ['1']], [5, ['2']]]],
    ['empty fields', 'a,b,c\n,,\n', [[1, ['a', 'b', 'c']], [2, ['', '', '']]]],
    ['semicolons when the header has no commas', 'a;b\n1;2,5', [[1, ['a', 'b']], [2, ['1', '2,5']]]],
  ])('%s', (_name, text, expected) => {
    expect(parseCsv(text).map((r) => [r.line, r.fields])).toEqual(expected);
  });

  it('refuses an unterminated quote, naming its line', () => {
    expect(() => parseCsv('a\n1\n"open\n')).toThrow(/line 3/);
  });
});

describe('readTokenCsv', () => {
  const header = 'token,type,status,expires_at,group,label,driver_email';

  it('reads good rows with defaults for empty cells', () => {
    const { rows, rejected } = readTokenCsv(`${header}\r\nCARD-1,ISO14443,accepted,2027-01-01T00:00:00Z,FLEET,"Doe, Jane",jane@example.com\r\n4711,KeyCode,,,,,\r\n`);
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      { line: 2, token: 'CARD-1', type: 'ISO14443', status: 'accepted', expiresAt: new Date('2027-01-01T00:00:00Z'), groupId: 'FLEET', label: 'Doe, Jane', driverEmail: 'jane@example.com' },
      { line: 3, token: '4711', type: 'KeyCode', expiresAt: null, groupId: null, label: null, driverEmail: null },
    ]);
  });

  it('takes columns in any order, any case, and only those given', () => {
    expect(readTokenCsv('Label,TOKEN\nfront desk,AB12\n').rows).toEqual([{ line: 2, token: 'AB12', label: 'front desk' }]);
  });

  it('reports each kind of bad row with its line and keeps the good ones', () => {
    const text = [
      header,
      'GOOD-1,,,,,,',
      'BAD-TYPE,Magnetic,,,,,',
      `${'X'.repeat(37)},,,,,,`,
      'BAD-DATE,,,tomorrow,,,',
      'BAD-STATUS,,lost,,,,',
      'good-1,,,,,,',
      'SHORT,Central',
      ',,,,,,',
      'BAD-MAIL,,,,,,not-an-email',
      'E004,ISO15693,,,,,',
      'GOOD-2,,BLOCKED,2026-05-01,,,',
    ].join('\n');
    const { rows, rejected } = readTokenCsv(text);
    expect(rows.map((r) => [r.line, r.token, r.status])).toEqual([[2, 'GOOD-1', undefined], [12, 'GOOD-2', 'blocked']]);
    expect(rejected.map((r) => [r.line, r.token])).toEqual([
      [3, 'BAD-TYPE'], [4, 'X'.repeat(37)], [5, 'BAD-DATE'], [6, 'BAD-STATUS'], [7, 'good-1'], [8, 'SHORT'], [9, null], [10, 'BAD-MAIL'], [11, 'E004'],
    ]);
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^type must be one of/), expect.stringMatching(/1 to 36 characters/), expect.stringMatching(/not a valid date/),
      expect.stringMatching(/^status must be one of/), 'duplicate of line 2', 'expected 7 fields, found 2', expect.stringMatching(/1 to 36 characters/),
      expect.stringMatching(/not an e-mail/), expect.stringMatching(/ISO15693/),
    ]);
  });

  it('undoes the formula guard of exported cells', () => {
    expect(readTokenCsv("token,label\n'-42,'=SUM(A1)\n").rows).toEqual([{ line: 2, token: '-42', label: '=SUM(A1)' }]);
  });

  it.each([
    ['an empty file', ''],
    ['no token column', 'type,label\nCentral,x'],
    ['an unknown column', 'token,colour\nA,red'],
    ['a repeated column', 'token,token\nA,B'],
  ])('refuses %s as a whole', (_name, text) => {
    expect(() => readTokenCsv(text)).toThrow(ValidationError);
  });
});
