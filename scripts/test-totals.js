// Prints the plain closing line CI reads ("N passed, N failed, N skipped"), taken from jest's
// own JSON report so it cannot disagree with what jest ran.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
if (report.numTotalTests === 0) {
  console.error('No test was executed.');
  process.exit(1);
}
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
