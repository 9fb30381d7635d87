// Report-only mode reads results.json files written by an earlier run (in the workflow_run
// recipe: downloaded from the pull request's run). They are data from an untrusted run, so they
// are validated against the results schema (by the results core) before anything is posted.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseResults } from '../../core/results/read-results.js';
import type { RunResult } from '../../core/results/model.js';

export interface ResultsFile {
  result: RunResult;
  resultsFile: string;
  /** junit.xml next to results.json, when there is one. */
  junitFile?: string;
}

/** Reads each file, or every results.json under each directory (sorted, so output is stable). */
export function readResultsFiles(paths: string[]): ResultsFile[] {
  const files = paths.flatMap((path) => {
    if (!existsSync(path)) {
      throw new Error(
        `Results file '${path}' does not exist. Expected a results.json written by 'shakedown run', or a directory holding them.`,
      );
    }
    return statSync(path).isDirectory() ? findResults(path) : [path];
  });
  if (files.length === 0) {
    throw new Error(
      `No results.json under '${paths.join("', '")}'. Was the results artifact uploaded and downloaded there?`,
    );
  }
  return files.map((file) => {
    const junit = join(dirname(file), 'junit.xml');
    return {
      result: parseResults(readFileSync(file, 'utf8'), file),
      resultsFile: file,
      junitFile: existsSync(junit) ? junit : undefined,
    };
  });
}

function findResults(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findResults(path));
    else if (entry.name === 'results.json') found.push(path);
  }
  return found;
}
