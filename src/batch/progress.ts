import type { GradedSubmission } from './types.js';
import { submissionLabel } from '../submission/submission-label.js';

/** Where progress goes: a terminal gets one bar redrawn in place, anything else a plain line per submission. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Progress {
  /** One submission is done. */
  done(result: GradedSubmission): void;
  /** Clears the bar (a terminal) so the reports print on a clean line. */
  end(): void;
}

/** The plain line for one finished submission: `[3/60] subs/ana: 80/100, stage merged` or its reason. */
export function formatProgressLine(result: GradedSubmission, count: number, total: number): string {
  const where = `[${count}/${total}] ${submissionLabel(result.source)}`;
  if (result.report === undefined) return `${where}: could not be graded: ${result.error ?? 'no reason given'}`;
  const failed = result.report.criteria.filter((criterion) => criterion.status === 'fail' || criterion.status === 'error').map((criterion) => criterion.id);
  return `${where}: ${result.report.score}/${result.report.maxScore}, stage ${result.report.stage}${failed.length > 0 ? `, failed ${failed.join(' ')}` : ''}`;
}

/** The bar: `grading [#######-------]  23/60  ✗ 4 not graded 1`. */
export function formatProgressBar(count: number, total: number, failed: number, notGraded: number, width: number): string {
  const counts = `${String(count).padStart(String(total).length)}/${total}  failed ${failed}  not graded ${notGraded}`;
  const barWidth = Math.max(10, Math.min(40, width - counts.length - 14));
  const filled = total === 0 ? barWidth : Math.round((count / total) * barWidth);
  return `grading [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${counts}`;
}

/** Shows batch progress on `stream`: a bar on a terminal, otherwise a line per finished submission. */
export function startProgress(stream: ProgressStream, total: number): Progress {
  let count = 0;
  let failed = 0;
  let notGraded = 0;
  const tty = stream.isTTY === true;
  const draw = () => stream.write(`\r\x1b[2K${formatProgressBar(count, total, failed, notGraded, stream.columns ?? 80)}`);
  if (tty) draw();
  return {
    done(result) {
      count += 1;
      if (result.report === undefined) notGraded += 1;
      else if (result.report.criteria.some((criterion) => criterion.status === 'fail' || criterion.status === 'error')) failed += 1;
      if (!tty) {
        stream.write(`${formatProgressLine(result, count, total)}\n`);
        return;
      }
      if (result.report === undefined) stream.write(`\r\x1b[2K${formatProgressLine(result, count, total)}\n`);
      draw();
    },
    end() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
