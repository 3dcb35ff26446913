import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Finds a program by name on a PATH (the first executable file), or takes a path with a `/` as it is; undefined when there is none. */
export function locateExecutable(name: string, pathVariable = process.env.PATH ?? ''): string | undefined {
  if (name.includes('/')) {
    const file = isAbsolute(name) ? name : resolve(name);
    return isExecutableFile(file) ? file : undefined;
  }
  for (const dir of pathVariable.split(delimiter)) {
    if (dir && isExecutableFile(join(dir, name))) return join(dir, name);
  }
  return undefined;
}
