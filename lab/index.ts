import { defineLab } from '../src/lab/define-lab.js';
import { criteria } from '../graders/index.js';
import { APP_FOLDER, APP_PATH, LAB_COMMANDS } from '../graders/lab.js';
import { removeObservedSteps } from '../graders/support/remove-worktree.js';
import { labEvidence } from '../graders/lab-evidence.js';
import { labQuiz } from '../graders/quiz/index.js';
import { detectStage } from '../graders/stage.js';

/**
 * Module 7's lab as the engine takes it: the criteria of graders/index.ts, the stage, the evidence
 * to gather, the concepts quiz, and the scenarios of scenarios/index.ts (loaded only when run).
 */
export const lab = defineLab({
  repo: APP_FOLDER,
  repoPath: APP_PATH,
  criteria,
  detectStage,
  evidence: labEvidence,
  quiz: labQuiz,
  cleanup: { removeSteps: removeObservedSteps, prune: LAB_COMMANDS.prune },
  scenarios: async () => {
    const [{ scenarios }, { default: demo }, { agentsScenario }] = await Promise.all([
      import('../scenarios/index.js'),
      import('../scenarios/lab.js'),
      import('../scenarios/agents.js'),
    ]);
    return { all: scenarios, demo, sized: { agents: (agents: number) => agentsScenario({ agents }) } };
  },
});
