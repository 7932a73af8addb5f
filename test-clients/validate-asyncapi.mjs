// Validates an AsyncAPI document as `asyncapi validate` (@asyncapi/cli) does: the same parser and its default
// Spectral ruleset, offline. Prints one JSON line per diagnostic; exits 1 if any is an error or a warning.
// Usage: node validate-asyncapi.mjs <asyncapi.yaml>
import { readFileSync } from 'node:fs';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node validate-asyncapi.mjs <asyncapi.yaml>');
  process.exit(2);
}
const diagnostics = await new Parser().validate(readFileSync(file, 'utf8'), { source: file });
const names = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warn',
  [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint' };
let failing = 0;
for (const d of diagnostics) {
  if (d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning) {
    failing++;
  }
  console.log(JSON.stringify({ severity: names[d.severity], code: d.code, message: d.message,
    path: d.path.join('/'), line: d.range.start.line + 1 }));
}
console.log(JSON.stringify({ file, diagnostics: diagnostics.length, failing }));
process.exit(failing > 0 ? 1 : 0);
