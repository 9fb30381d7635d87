// The results core: parsing test reports into the results model, deriving totals and
// statuses, and writing junit.xml, ctrf.json and results.json.
export type * from './model.js';
export { parseJUnit, isJUnit } from './junit-parse.js';
export { parseCtrf, isCtrf } from './ctrf-parse.js';
export { ResultsParseError, MAX_REPORT_BYTES } from './parse-error.js';
export { MAX_XML_DEPTH } from './xml-reader.js';
export { locateFailure, stackLocations, sameFile, type SourceLocation } from './stack-location.js';
export { writeJUnit } from './junit-write.js';
export { writeCtrf, type CtrfOptions, type CtrfTest } from './ctrf-write.js';
export { tally, tallyRun, emptyTotals } from './totals.js';
export {
  flattenCases,
  subRuns,
  walkSteps,
  walkSuites,
  type FlatCase,
  type StepVisit,
} from './walk.js';
export {
  stepStatusFromExit,
  stepFailsRun,
  isFailingStatus,
  aggregateStatus,
  runStatusFromSteps,
  isFailedCase,
  type Interruption,
} from './status.js';
export { outcomeSuite, outcomeNote } from './step-cases.js';
export { exportSuites, type ExportSuite } from './export-suites.js';
export { resultsSchema } from './results-schema.js';
export { parseResults } from './read-results.js';
export { cleanText, stripAnsi } from './text.js';
export { failureText } from './case-text.js';
