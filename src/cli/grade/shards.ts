/** Splits a grading run into shards (`--shard K/N`) for several machines, and joins their runs back into one. */
import type { GradeRun, Shard } from './model.ts';

/** Reads `K/N`, or says what is wrong with it. */
export function parseShard(text: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard ${text}: expected K/N with 1 <= K <= N, such as 2/4`);
  }
  return { index, count };
}

/** The file a shard's run is kept in until `grade merge` joins it with the others. */
export function shardFileName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}.json`;
}

/**
 * Joins the runs of shards 1..N of one course into the run one machine would have made: the
 * reports written from it are byte-identical. Refuses shards of different inputs, a shard given
 * twice or a missing one.
 */
export function mergeRuns(runs: GradeRun[]): GradeRun {
  const first = runs[0];
  if (!first?.shard) throw new Error('merge needs the shard files written by grade --shard K/N');
  const count = first.shard.count;
  const seen = new Set<number>();
  for (const run of runs) {
    if (!run.shard || run.shard.count !== count)
      throw new Error(`shards of different splits: ${count} and ${run.shard?.count ?? 'none'}`);
    if (run.inputs !== first.inputs)
      throw new Error(
        `shard ${run.shard.index}/${count} graded other bundles or another assignment than shard ${first.shard.index}/${count}`,
      );
    if (seen.has(run.shard.index)) throw new Error(`shard ${run.shard.index}/${count} given twice`);
    seen.add(run.shard.index);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0)
    throw new Error(
      `missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')}`,
    );
  const students = runs
    .flatMap((run) => run.students)
    .sort((a, b) => a.studentId.localeCompare(b.studentId));
  const exerciseIds = [...new Set(runs.flatMap((run) => run.exerciseIds))].sort();
  return {
    students,
    bad: first.bad,
    conflicts: first.conflicts,
    exerciseIds,
    ...(first.inputs ? { inputs: first.inputs } : {}),
  };
}
