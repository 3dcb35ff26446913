import { existsSync, readdirSync } from 'node:fs';
import { findMarkers } from '../../src/evidence/conflict-markers.js';
import type { StepContext } from '../../src/scenario/types.js';

/** Failure lines for each path (relative to the work area) that does not exist. */
export function expectPresent(context: StepContext, paths: readonly string[]): string[] {
  return paths.filter((path) => !existsSync(context.path(path))).map((path) => `${path} does not exist`);
}

/** Failure lines for each path that exists but should not. */
export function expectAbsent(context: StepContext, paths: readonly string[]): string[] {
  return paths.filter((path) => existsSync(context.path(path))).map((path) => `${path} exists but should not`);
}

/** Failure line when a folder holds anything (a missing folder counts as empty). */
export function expectEmptyFolder(context: StepContext, path: string): string[] {
  const folder = context.path(path);
  if (!existsSync(folder)) return [];
  const entries = readdirSync(folder);
  return entries.length === 0 ? [] : [`${path} still holds: ${entries.join(', ')}`];
}

/** Failure lines for conflict marker lines in a text, by the same rule the `merged` grader uses. */
export function conflictMarkers(name: string, text: string): string[] {
  return findMarkers(name, text, 'worktree').map((marker) => `${marker.file}:${marker.line} has a conflict marker: ${marker.text}`);
}
