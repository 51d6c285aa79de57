// usage: node check.js SCHEMA.json DOCUMENT.json -> prints "valid" or "invalid" (exit 0), or compile errors (exit 2)
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;
const fs = require("fs");
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let validate;
try { validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8"))); }
catch (e) { console.log("compile error: " + e.message); process.exit(2); }
for (const file of process.argv.slice(3)) {
  const ok = validate(JSON.parse(fs.readFileSync(file, "utf8")));
  console.log(file + "\t" + (ok ? "valid" : "invalid"));
}
