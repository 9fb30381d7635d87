// The spec reader: files in, resolved workflows and every problem out. Nothing here throws on
// bad input; each stage adds diagnostics and later stages only see documents that passed.
import type { InputFile } from '../../ports/file-source.js';
import { checkConfigParams } from './config-params.js';
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { checkExpressions } from './expressions.js';
import { formatPath, parsePath } from './field-path.js';
import type { LoadedWorkflow } from './loaded-workflow.js';
import { workflowNotices, type Notice } from './notices.js';
import { Origins } from './origins.js';
import { parseFile, type ParsedDocument } from './parse.js';
import { validateSchema } from './schema.js';
import { checkTemplateDocument, TemplateResolver, type TemplateEntry } from './templates.js';
import { API_VERSION, TEMPLATE_KIND, WORKFLOW_KIND, type TestWorkflow } from './types.js';
import {
  once,
  workflowLibrary,
  type LibraryWorkflow,
  type WorkflowLibrary,
} from './workflow-library.js';
import { positionOf } from './yaml-nodes.js';

export interface DocumentSummary {
  file: string;
  kind: typeof WORKFLOW_KIND | typeof TEMPLATE_KIND;
  name: string;
  /** No problem in the document itself, nor (for workflows) in resolving its templates. */
  valid: boolean;
}

export interface LoadResult {
  /** Valid workflows, templates applied, in input order. */
  workflows: LoadedWorkflow[];
  /** Every TestWorkflow and TestWorkflowTemplate document recognised, valid or not. */
  documents: DocumentSummary[];
  /** Every problem of every file, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** Every TestWorkflow of the inputs and the files beside them, for `execute`. */
  library: WorkflowLibrary;
  /** Non-fatal notices of the valid workflows (see notices.ts), sorted the same way. */
  notices: Notice[];
}

interface Checked {
  doc: ParsedDocument;
  kind: DocumentSummary['kind'];
  name: string;
  problems: Diagnostic[];
}

/**
 * Loads and checks `files`. `beside` are other files that may hold templates the inputs use
 * and workflows they execute (e.g. the rest of the inputs' directories), nearest first: only
 * their TestWorkflowTemplate and TestWorkflow documents are taken, and their problems are not
 * reported unless a workflow uses them.
 */
export function loadWorkflows(
  files: readonly InputFile[],
  beside: readonly InputFile[] = [],
): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const checked: Checked[] = [];
  for (const file of files) {
    const parsed = parseFile(file);
    diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.documents) {
      const result = checkDocument(doc);
      if (typeof result === 'object' && 'kind' in result) checked.push(result);
      else diagnostics.push(result);
    }
  }
  markDuplicates(checked);

  const templates = new Map<string, TemplateEntry>();
  const inputs = new Set(files.map((f) => f.path));
  const besideDocs = beside.filter((f) => !inputs.has(f.path)).flatMap((f) => besideDocuments(f));
  const extra = besideDocs.flatMap((d) => ('kind' in d ? [d] : []));
  for (const c of [...checked, ...extra]) {
    if (c.kind === TEMPLATE_KIND && !templates.has(c.name)) {
      templates.set(c.name, { name: c.name, doc: c.doc, valid: c.problems.length === 0 });
    }
  }
  const workflows: LoadedWorkflow[] = [];
  const documents: DocumentSummary[] = [];
  const entries: LibraryWorkflow[] = [];
  for (const c of checked) {
    if (c.kind !== WORKFLOW_KIND) continue;
    let loaded: LoadedWorkflow | undefined;
    if (c.problems.length === 0) {
      const resolved = resolve(c, templates);
      loaded = resolved.workflow;
      if (loaded) workflows.push(loaded);
      c.problems.push(...resolved.problems);
    }
    const problems = c.problems;
    entries.push(
      libraryEntry(c.doc, c.name, () =>
        loaded ? { workflow: loaded } : { problems, reported: true },
      ),
    );
  }
  for (const doc of besideDocs) {
    if ('kind' in doc) continue;
    const name = (doc.value as { metadata?: { name?: unknown } }).metadata?.name;
    if (typeof name !== 'string') continue;
    entries.push(
      libraryEntry(doc, name, () => {
        const c = checkDocument(doc);
        if (!('kind' in c)) return { problems: [c], reported: false };
        if (c.problems.length > 0) return { problems: c.problems, reported: false };
        const resolved = resolve(c, templates);
        return resolved.workflow
          ? { workflow: resolved.workflow }
          : { problems: resolved.problems, reported: false };
      }),
    );
  }
  for (const c of checked) {
    diagnostics.push(...c.problems);
    documents.push({
      file: c.doc.file,
      kind: c.kind,
      name: c.name,
      valid: c.problems.length === 0,
    });
  }
  const notices = sortDiagnostics(workflows.flatMap(workflowNotices));
  return {
    workflows,
    documents,
    diagnostics: sortDiagnostics(diagnostics),
    library: workflowLibrary(entries),
    notices,
  };
}

/** Templates are checked now (every input may use them); workflows only when executed. */
function besideDocuments(file: InputFile): (Checked | ParsedDocument)[] {
  return parseFile(file).documents.flatMap((doc): (Checked | ParsedDocument)[] => {
    const kind = (doc.value as { kind?: unknown } | null)?.kind;
    if (kind === WORKFLOW_KIND) return [doc];
    if (kind !== TEMPLATE_KIND) return [];
    const checked = checkDocument(doc);
    return 'kind' in checked ? [checked] : [];
  });
}

function libraryEntry(
  doc: ParsedDocument,
  name: string,
  load: LibraryWorkflow['load'],
): LibraryWorkflow {
  const labels = (doc.value as { metadata?: { labels?: unknown } }).metadata?.labels;
  return {
    name,
    labels: isStringMap(labels) ? labels : {},
    position: positionOf(doc, ['metadata', 'name']),
    load: once(load),
  };
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

/** Kind check, schema, config parameters and expressions. */
function checkDocument(doc: ParsedDocument): Checked | Diagnostic {
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : value === null ? 'empty' : `a ${typeof value}`;
    return at(
      doc,
      [],
      `document is ${what}; expected a TestWorkflow or TestWorkflowTemplate mapping`,
    );
  }
  const { apiVersion, kind } = value as Record<string, unknown>;
  if (apiVersion !== API_VERSION || (kind !== WORKFLOW_KIND && kind !== TEMPLATE_KIND)) {
    const found = `kind ${describe(kind)}, apiVersion ${describe(apiVersion)}`;
    const field = kind !== WORKFLOW_KIND && kind !== TEMPLATE_KIND ? 'kind' : 'apiVersion';
    return at(
      doc,
      [field],
      `unsupported document (${found}); expected kind TestWorkflow or TestWorkflowTemplate with apiVersion ${API_VERSION}`,
    );
  }
  const metadata = (value as { metadata?: { name?: unknown } }).metadata;
  const name = typeof metadata?.name === 'string' ? metadata.name : `(document ${doc.index + 1})`;
  // The later checks only read what has the right shape, so they run even when the schema
  // fails: a file's problems are all reported at once.
  const problems = [...validateSchema(doc), ...checkConfigParams(doc), ...checkExpressions(doc)];
  if (kind === TEMPLATE_KIND) problems.push(...checkTemplateDocument(doc));
  return { doc, kind, name, problems };
}

/** Two workflows (or two templates) with one name would make `--name` and `use:` ambiguous. */
function markDuplicates(checked: Checked[]): void {
  const first = new Map<string, Checked>();
  for (const c of checked) {
    if (!(c.doc.value as { metadata?: { name?: unknown } }).metadata?.name) continue;
    const key = `${c.kind}/${c.name}`;
    const earlier = first.get(key);
    if (!earlier) first.set(key, c);
    else {
      const where = positionOf(earlier.doc, ['metadata', 'name']);
      c.problems.push(
        at(
          c.doc,
          ['metadata', 'name'],
          `${c.kind} '${c.name}' is already defined at ${where.file}:${where.line}:${where.column}`,
        ),
      );
    }
  }
}

function resolve(
  c: Checked,
  templates: ReadonlyMap<string, TemplateEntry>,
): { workflow?: LoadedWorkflow; problems: Diagnostic[] } {
  const origins = new Origins();
  const workflow = origins.copy(c.doc.value as TestWorkflow, c.doc, []);
  const resolver = new TemplateResolver(templates, origins);
  resolver.resolveSpec(workflow.spec);
  const problems = [...resolver.diagnostics];
  const { setup, steps, after } = workflow.spec;
  if (problems.length === 0 && !setup?.length && !steps?.length && !after?.length) {
    problems.push(
      at(c.doc, ['spec'], 'has no steps to run (spec.steps is empty, templates included)'),
    );
  }
  if (problems.length > 0) return { problems };
  const locate = (path: string) =>
    origins.locate(workflow, parsePath(path)) ?? positionOf(c.doc, []);
  const { sensitiveValues } = resolver;
  return {
    workflow: { name: c.name, file: c.doc.file, workflow, sensitiveValues, locate },
    problems,
  };
}

function at(doc: ParsedDocument, segments: (string | number)[], message: string): Diagnostic {
  return { ...positionOf(doc, segments), path: formatPath(segments), message };
}

function describe(value: unknown): string {
  return value === undefined ? '(missing)' : `'${String(value)}'`;
}
