import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { refuseSeveralOnStdout, refuseSharedFile, splitFormatValue, withOutputFile } from '../../src/report/format-spec.js';

describe('splitFormatValue', () => {
  it('splits at the first = only: no file, a file, an empty file, a file holding =', () => {
    expect(splitFormatValue('junit')).toEqual({ name: 'junit', file: undefined });
    expect(splitFormatValue('junit=out/results.xml')).toEqual({ name: 'junit', file: 'out/results.xml' });
    expect(splitFormatValue('json=')).toEqual({ name: 'json', file: '' });
    expect(splitFormatValue('json=a=b.json')).toEqual({ name: 'json', file: 'a=b.json' });
  });
});

describe('withOutputFile', () => {
  it('writes the one format asked for to the file, also when it names the same file', () => {
    expect(withOutputFile([{ format: 'json' }], 'r.json', 'EXAMPLE')).toEqual([{ format: 'json', file: 'r.json' }]);
    expect(withOutputFile([{ format: 'json', file: 'r.json' }], 'r.json', 'EXAMPLE')).toEqual([{ format: 'json', file: 'r.json' }]);
  });

  it('refuses several formats (showing the example) and two files for one format, each a UserError with its code', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof UserError ? [error.code, error.message] : ['not a UserError', String(error)];
      }
      return ['no error', ''];
    };
    expect(refusal(() => withOutputFile([{ format: 'json' }, { format: 'junit' }], 'r', '--format json=a.json'))).toEqual([
      'OUTPUT_WITH_SEVERAL_FORMATS',
      '--output names one file but 2 formats were asked for. Name a file per format instead: --format json=a.json',
    ]);
    expect(refusal(() => withOutputFile([{ format: 'json', file: 'a.json' }], 'b.json', 'EXAMPLE'))).toEqual([
      'OUTPUT_TWICE',
      '--format json=a.json and --output b.json name two files. Keep one of them.',
    ]);
  });
});

describe('refuseSeveralOnStdout', () => {
  it('refuses two or more formats on standard output, naming a file for the second; one or none passes', () => {
    const fileFor = (format: string) => `out.${format}`;
    expect(() => refuseSeveralOnStdout([], fileFor)).not.toThrow();
    expect(() => refuseSeveralOnStdout(['json'], fileFor)).not.toThrow();
    expect(() => refuseSeveralOnStdout(['json', 'junit', 'markdown'], fileFor)).toThrow(
      expect.objectContaining({
        code: 'TWO_FORMATS_ON_STDOUT',
        message:
          '--format json and --format junit and --format markdown would all go to standard output and mix. Give all but one a file: --format json --format junit=out.junit',
      }),
    );
  });
});

describe('refuseSharedFile', () => {
  it('refuses two formats whose files are one path; standard output, distinct files and one format asked twice pass', () => {
    expect(() =>
      refuseSharedFile([
        { format: 'json', file: '-' },
        { format: 'junit', file: '-' },
      ]),
    ).not.toThrow();
    expect(() => refuseSharedFile([{ format: 'json', file: 'a.json' }, { format: 'junit', file: 'a.xml' }, { format: 'pretty' }])).not.toThrow();
    expect(() =>
      refuseSharedFile([
        { format: 'json', file: 'a.json' },
        { format: 'json', file: './a.json' },
      ]),
    ).not.toThrow();
    expect(() =>
      refuseSharedFile([
        { format: 'junit', file: 'r.xml' },
        { format: 'markdown', file: `${process.cwd()}/r.xml` },
      ]),
    ).toThrow(expect.objectContaining({ code: 'TWO_FORMATS_ONE_FILE' }));
  });
});
