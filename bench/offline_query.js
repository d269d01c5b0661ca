// Run queries through the offline search engine of a built site under node, as search.html
// does from disk (the search, the pinned entity row, the first page of results), and count
// the bytes of every index file each query loads.
// usage: node bench/offline_query.js SITE QUERIES.json  (a list of {q, filters?, sort?})
// prints one JSON line per query: {q, total, bytes, files, ms, top: [urls of the first 10]}
"use strict";
const fs = require("fs"), path = require("path"), vm = require("vm");
const engine = require(path.join(__dirname, "..", "themes", "default", "static", "search.js"));
const site = process.argv[2];
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));

function readScript(file, name) {
  let got;
  const ctx = {SB_LOAD: (n, d) => { got = d; }, window: {}};
  vm.createContext(ctx);
  const text = fs.readFileSync(file, "utf8");
  vm.runInContext(text, ctx);
  return {data: name === "manifest" ? ctx.window.SB_SEARCH : got, bytes: Buffer.byteLength(text)};
}

async function run() {
  for (const item of queries) {
    const t = process.hrtime.bigint();
    const m = readScript(path.join(site, "search-index.js"), "manifest");
    let bytes = m.bytes, files = 1;
    const load = (name) => {
      const got = readScript(path.join(site, m.data.folder, name + ".js"), name);
      bytes += got.bytes; files += 1;
      return Promise.resolve(got.data);
    };
    const index = engine.makeIndex(m.data, load);
    const res = await index.search(item.q, item.filters || {}, item.sort || "relevance");
    const pinned = item.filters ? [] : await index.entityMatches(item.q);
    const rows = await res.rows(0, 10);
    const corrected = item.q ? await index.check(item.q) : null;
    const all = item.all ? (await res.rows(0, res.total)).map((r) => r.url) : undefined;
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    console.log(JSON.stringify({q: item.q, total: res.total, bytes, files, ms: Math.round(ms * 10) / 10,
      suggestion: res.suggestion || null, corrected, pinned: pinned.map((p) => p.url), all,
      top: pinned.map((p) => p.url).concat(rows.map((r) => r.url).filter((u) => !pinned.some((p) => p.url === u))).slice(0, 10)}));
  }
}
run().catch((e) => { console.error(e); process.exit(1); });
