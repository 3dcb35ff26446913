import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../paths/package-root.js';

/** One text replacement an agent makes: the first `find` in `file` becomes `replace`. */
export interface AgentEdit {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

/** What one simulated agent does in its worktree, read from `fixtures/agents/<name>.json`. */
export interface AgentPlan {
  readonly agent: string;
  readonly branch: string;
  readonly worktree: string;
  readonly message: string;
  readonly edits: readonly AgentEdit[];
}

export type AgentName = 'wipe' | 'remaining';

/** The file an agent's plan is stored in. */
export function agentPlanFile(name: AgentName): string {
  return join(fixturesDir(), 'agents', `${name}.json`);
}

/** The script that plays an agent as a real process (`python3 play-agent.py PLAN FOLDER PAUSE`). */
export function agentPlayer(): string {
  return join(fixturesDir(), 'agents', 'play-agent.py');
}

/** Reads an agent's plan. */
export function loadAgentPlan(name: AgentName): AgentPlan {
  return JSON.parse(readFileSync(agentPlanFile(name), 'utf8')) as AgentPlan;
}

/** Applies edits to text in memory; returns the new text, or the edit that found nothing. */
export function applyEdits(file: string, text: string, edits: readonly AgentEdit[]): { text: string; missing?: AgentEdit } {
  let current = text;
  for (const edit of edits.filter((candidate) => candidate.file === file)) {
    if (!current.includes(edit.find)) return { text: current, missing: edit };
    current = current.replace(edit.find, () => edit.replace);
  }
  return { text: current };
}
