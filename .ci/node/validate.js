// Checks xAPI statements with Learning Locker's independent validator (xapi-validation).
// Reads one JSON array of statements (or one statement) on standard input; prints every
// warning as "statement N: path: message" and exits 1 when there is any, 0 when all pass.
'use strict';
const validate = require('xapi-validation').default;

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const data = JSON.parse(input);
  const statements = Array.isArray(data) ? data : [data];
  let problems = 0;
  statements.forEach((statement, index) => {
    for (const warning of validate(statement)) {
      problems += 1;
      const path = (warning.path || []).join('.');
      const message = warning.constructor && warning.constructor.name;
      console.log(`statement ${index + 1}: ${path}: ${message} ${JSON.stringify(warning.data)}`);
    }
  });
  console.log(`${statements.length} statements checked, ${problems} problems`);
  process.exit(problems === 0 ? 0 : 1);
});
