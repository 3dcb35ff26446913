import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors/user-error.js';
import { parseScenarioFormat, planScenarioFormats, toStdout } from '../../../src/report/scenario/format-specs.js';

describe('parseScenarioFormat', () => {
  it('reads a name alone, a name with a file and a name with - (standard output)', () => {
    expect(parseScenarioFormat('json')).toEqual({ format: 'json' });
    expect(parseScenarioFormat('junit=out/scenarios.xml')).toEqual({ format: 'junit', file: 'out/scenarios.xml' });
    expect(parseScenarioFormat('markdown=a=b.md')).toEqual({ format: 'markdown', file: 'a=b.md' });
    expect(toStdout({ format: 'json', file: '-' })).toBe(true);
    expect(toStdout({ format: 'json', file: 'x.json' })).toBe(false);
  });

  it('gives the reason for an unknown name or an empty file name', () => {
    expect(parseScenarioFormat('xml')).toBe('it must be one of pretty, json, junit, markdown, optionally with =FILE.');
    expect(parseScenarioFormat('xml=a.xml')).toMatch(/^it must be one of /);
    expect(parseScenarioFormat('json=')).toBe('it names no file: write json=FILE, or json alone for standard output.');
  });
});

describe('planScenarioFormats', () => {
  it('defaults to pretty on standard output', () => {
    expect(planScenarioFormats([], {})).toEqual([{ format: 'pretty' }]);
  });

  it('keeps one format on standard output and the others in their files, in the order given', () => {
    const specs = [{ format: 'pretty' }, { format: 'json', file: 'a.json' }, { format: 'junit', file: 'a.xml' }] as const;
    expect(planScenarioFormats(specs, {})).toEqual(specs);
  });

  it('--output names the file of the one format, also of the default', () => {
    expect(planScenarioFormats([{ format: 'json' }], { output: 'a.json' })).toEqual([{ format: 'json', file: 'a.json' }]);
    expect(planScenarioFormats([{ format: 'json', file: 'a.json' }], { output: 'a.json' })).toEqual([{ format: 'json', file: 'a.json' }]);
    expect(planScenarioFormats([], { output: 'a.txt' })).toEqual([{ format: 'pretty', file: 'a.txt' }]);
  });

  it.each([
    ['two formats on standard output', [{ format: 'json' }, { format: 'markdown', file: '-' }], {}, 'TWO_FORMATS_ON_STDOUT'],
    ['--output with two formats', [{ format: 'json' }, { format: 'junit', file: 'a.xml' }], { output: 'a.json' }, 'OUTPUT_WITH_SEVERAL_FORMATS'],
    ['--output and a different =FILE', [{ format: 'json', file: 'b.json' }], { output: 'a.json' }, 'OUTPUT_TWICE'],
    [
      'two formats in one file',
      [
        { format: 'junit', file: 'out/r.xml' },
        { format: 'markdown', file: './out/r.xml' },
      ],
      {},
      'TWO_FORMATS_ONE_FILE',
    ],
  ] as const)('refuses %s with a UserError', (_label, specs, options, code) => {
    let thrown: unknown;
    try {
      planScenarioFormats(specs, options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).code).toBe(code);
  });
});
