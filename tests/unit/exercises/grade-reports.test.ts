/** Names and cells a student controls cannot run as formulas, inject lines or reorder text in the grader's reports. */
import { describe, expect, test } from 'vitest';
import {
  cleanName,
  csvCell,
  feedbackMarkdown,
  gradesCsv,
  feedbackName,
  markdownText,
  summaryMarkdown,
} from '../../../src/cli/grade/reports.ts';
import type { StudentGrade } from '../../../src/cli/grade/model.ts';
import { readCsv, readCsvRecords } from './read-csv.ts';

describe('grades.csv cells', () => {
  test.each([
    [
      '=HYPERLINK("http://evil.example","click")',
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
    ],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tstart', "'\tstart"],
    ['\rstart', `"'\rstart"`],
    ['Ada Lovelace', 'Ada Lovelace'],
  ])('%j becomes %j', (input, cell) => {
    expect(csvCell(input)).toBe(cell);
  });

  test('numbers stay numbers', () => {
    expect(csvCell(0)).toBe('0');
    expect(csvCell(12)).toBe('12');
  });
});

describe('student names', () => {
  test('control and bidirectional characters are dropped and lines joined', () => {
    expect(cleanName('Eve\n# Grade: 100\u202E\u2066x\u0000')).toBe('Eve # Grade: 100 x');
  });

  test('Markdown syntax in a name is shown, not interpreted', () => {
    expect(markdownText('[click](http://x) *bold* <b>')).toBe(
      '\\[click\\]\\(http://x\\) \\*bold\\* \\<b\\>',
    );
  });

  test('a hostile name cannot add a line or a link to feedback, nor a formula to the CSV', () => {
    const name = cleanName('=cmd|"/c calc"!A1\n## Full marks [here](http://x)');
    const student: StudentGrade = {
      source: 'eve.json',
      studentId: 'eve',
      name,
      digest: '0'.repeat(64),
      receipt: 'AAAA-AAAA-AAAA',
      exercises: [],
    };
    const feedback = feedbackMarkdown(student);
    expect(feedback.split('\n')[0]).toBe(
      '# Feedback for =cmd\\|"/c calc"\\!A1 \\#\\# Full marks \\[here\\]\\(http://x\\) (eve)',
    );
    expect(feedback).not.toMatch(/^## Full marks/m);
    const csv = gradesCsv({ students: [student], bad: [], conflicts: [], exerciseIds: [] });
    expect(csv.split('\n')[1]).toBe(
      `eve,"'=cmd|""/c calc""!A1 ## Full marks [here](http://x)",AAAA-AAAA-AAAA,0,0,ok`,
    );
  });
});

describe('grades.csv as a whole', () => {
  test('every row reads back cell for cell, with the receipt of the graded bundle only', () => {
    const graded: StudentGrade = {
      source: 'ann.json',
      studentId: 'ann',
      name: 'Lovelace, Ada "Countess"',
      digest: '0'.repeat(64),
      receipt: 'ABCD-EFGH-2345',
      exercises: [
        {
          id: 'loop-rounds',
          pin: '0'.repeat(16),
          status: 'graded',
          detail: '',
          score: 3,
          max: 7,
          tests: [],
          claimed: null,
          permissionDenied: false,
          output: '',
          outputChars: 0,
        },
      ],
    };
    const csv = gradesCsv({
      students: [graded],
      bad: [{ source: 'bo.json', studentId: 'bo', reason: 'unreadable: line one,\r\n"two"' }],
      conflicts: [],
      exerciseIds: ['loop-rounds'],
    });
    expect(readCsv(csv)[0]).toEqual([
      'student_id',
      'name',
      'receipt',
      'loop-rounds',
      'total',
      'max',
      'status',
    ]);
    expect(readCsvRecords(csv)).toEqual([
      {
        student_id: 'ann',
        name: 'Lovelace, Ada "Countess"',
        receipt: 'ABCD-EFGH-2345',
        'loop-rounds': '3',
        total: '3',
        max: '7',
        status: 'ok',
      },
      {
        student_id: 'bo',
        name: '',
        receipt: '',
        'loop-rounds': '',
        total: '0',
        max: '',
        status: 'bad bundle: unreadable: line one,\r\n"two"',
      },
    ]);
  });
});

describe('two different bundles under one student id', () => {
  test('are a conflict in the CSV and the summary, whatever their clocks say', () => {
    const run = {
      students: [],
      bad: [],
      conflicts: [
        {
          studentId: 'alice',
          sources: ['alice-1.json', 'mallory-as-alice.json'],
          receipts: ['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF'],
        },
      ],
      exerciseIds: ['loop-rounds'],
    };
    // No receipt in its column (nothing was graded); each bundle's receipt in the status, so the
    // instructor can tell which one the student pasted.
    expect(gradesCsv(run).split('\n')[1]).toBe(
      'alice,,,,,,"conflict: 2 different bundles (alice-1.json AAAA-BBBB-CCCC, mallory-as-alice.json DDDD-EEEE-FFFF); not graded"',
    );
    expect(summaryMarkdown(run)).toContain(
      '- alice: 2 different bundles (alice-1.json AAAA-BBBB-CCCC, mallory-as-alice.json DDDD-EEEE-FFFF); none was graded.',
    );
  });
});

describe('feedback file names', () => {
  const graded = (studentId: string): StudentGrade => ({
    source: `${studentId}.json`,
    studentId,
    name: studentId,
    digest: '0'.repeat(64),
    receipt: 'AAAA-AAAA-AAAA',
    exercises: [],
  });

  test('ids that differ only in case get distinct names on a case-insensitive disk', () => {
    const run = {
      students: ['Ann', 'ann', 'bob'].map(graded),
      bad: [],
      conflicts: [],
      exerciseIds: [],
    };
    const names = run.students.map((s) => feedbackName(s.studentId, run));
    expect(names[2]).toBe('bob.md');
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(3);
    expect(names[0]).toMatch(/^Ann-[0-9a-f]{8}\.md$/);
  });
});
