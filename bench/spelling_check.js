// Corrections the search page would make (index.check in search.js), run under node on a built
// site: for each [kind, intended, misspelt] case, what the misspelt query and the intended one
// are corrected to. usage: node bench/spelling_check.js SITE CASES.json  (one JSON line out)
"use strict";
const fs = require("fs"), path = require("path"), vm = require("vm");
const engine = require(path.join(__dirname, "..", "themes", "default", "static", "search.js"));
const site = process.argv[2];
const cases = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));

function readScript(file, name) {
  let got;
  const ctx = {SB_LOAD: (n, d) => { got = d; }, window: {}};
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(file, "utf8"), ctx);
  return name === "manifest" ? ctx.window.SB_SEARCH : got;
}

async function run() {
  const m = readScript(path.join(site, "search-index.js"), "manifest");
  const index = engine.makeIndex(m, (n) => Promise.resolve(readScript(path.join(site, m.folder, n + ".js"), n)));
  const out = [];
  for (const [kind, good, bad] of cases) {
    out.push({kind, good, bad, want: engine.words(good).join(" "), fixed: await index.check(bad),
      untouched: (await index.check(good)) === null});
  }
  console.log(JSON.stringify(out));
}
run().catch((e) => { console.error(e); process.exit(1); });
