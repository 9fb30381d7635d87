// What the commands read: the files the user named, plus the YAML files beside them, where
// the TestWorkflowTemplate documents their `use:` refers to and the TestWorkflows their
// `execute` runs usually live (the same directory and its templates/ subdirectory). Only the named files are validated and reported on.
import { dirname, join } from 'node:path';
import type { FileSource, InputFile } from '../ports/file-source.js';

export interface WorkflowInputs {
  files: InputFile[];
  beside: InputFile[];
}

export async function readWorkflowInputs(
  source: FileSource,
  patterns: string[],
): Promise<WorkflowInputs> {
  const files = await source.readInputs(patterns);
  const dirs = [...new Set(files.map((f) => dirname(f.path)))].sort();
  const beside: InputFile[] = [];
  const seen = new Set(files.map((f) => f.path));
  for (const dir of dirs) {
    for (const pattern of ['*.yaml', '*.yml', 'templates/*.yaml', 'templates/*.yml']) {
      // A directory without such files is normal; readInputs reports it as an error.
      const found = await source.readInputs([join(dir, pattern)]).catch(() => []);
      for (const file of found) {
        if (!seen.has(file.path)) beside.push(file);
        seen.add(file.path);
      }
    }
  }
  return { files, beside };
}
