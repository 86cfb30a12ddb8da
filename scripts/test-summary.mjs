// Prints vitest's JSON report as one plain closing line, `tests: N passed, N failed[, N skipped]`,
// so that CI logs say what ran without parsing vitest's colored output.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.cache/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`tests: no report at ${file} (${e.code ?? e.message})`);
  process.exit(1);
}
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(report.numFailedTests === 0 && report.numTotalTests > 0 ? 0 : 1);
