/* site-builder search page.
 *
 * Two engines behind one interface, search(query, filters, sort) -> {total, facets, rows(start, n)}:
 * - Pagefind, when the page is served over http(s) (with several bundles: for quoted phrases);
 * - the offline index when the page is opened from disk (file://), where browsers block
 *   Pagefind's module imports, fetches and workers; also the fallback if Pagefind fails to load.
 * The offline index (format: docs/search-index.md) is a manifest, search-index.js, setting
 * window.SB_SEARCH, and shards under search-index/ that this script loads with classic <script>
 * tags (allowed from disk) only when a query needs them. Both engines use the index's shards
 * for what Pagefind cannot do: the entity page pinned first, and "did you mean".
 * search.html?q=TERM&source=AFP&people=NAME&sort=date runs that search on load.
 * Nothing from an index is inserted as HTML: every string goes through textContent.
 */
(function (root) {
  "use strict";
  var FACETS = ["kind", "source", "year", "people", "organizations", "places"];
  var FACET_TITLES = {kind: "Kind", source: "Source", year: "Year", people: "People",
    organizations: "Organizations", places: "Places"};
  var ALL_OF = {people: true, organizations: true, places: true};
  var KIND_KEY = {people: "p", organizations: "o", places: "l"};
  var KIND_NAME = {p: "person", o: "organization", l: "place"};
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  // a result's date as the pages write it (pages.human_date): 2020-11-02 -> 2 November 2020
  function humanDate(iso) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso || "");
    if (!m) return iso || null;
    if (!m[2]) return m[1];
    var month = MONTHS[parseInt(m[2], 10) - 1];
    if (!month) return iso;
    return (m[3] ? parseInt(m[3], 10) + " " : "") + month + " " + m[1];
  }
  var PAGE = 10;
  var MAX_FACET_VALUES = 12;
  var FACET_SHARDS = 6;  // facet counts read at most this many facet shards (about 30 KB each)
  var PREFIX_SHARDS = 3;
  var COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)?/gu;

  // ---- one tokeniser for index and query (site_builder/site/search.py: doc_words) ----------
  function fold(text) {
    return (text || "").normalize("NFKD").replace(COMBINING, "").toLowerCase()
      .replace(/ß/g, "ss").replace(/ς/g, "σ").replace(/’/g, "'");
  }
  function words(text) {
    return fold(text).match(WORD) || [];
  }
  // The index leaves out stop words and one-letter words (one list, written into
  // search-index.js by the build from site_builder/data/stopwords.txt); so does the query.
  function queryTerms(query, stopList) {
    var stop = new Set(stopList || []);
    var all = words(query);
    var kept = all.filter(function (t) { return t.length > 1 && !stop.has(t); });
    return kept.length ? kept : all;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // ---- postings: sorted document numbers ------------------------------------------------------
  function decode(code) {
    // "3.a.1k" (base-36 gaps) -> [3, 13, 69]; "0.1*rs": 0 and the 1,000 numbers after it
    if (!code) return new Int32Array(0);
    var parts = code.split("."), out = [], n = 0;
    for (var i = 0; i < parts.length; i++) {
      var star = parts[i].indexOf("*");
      if (star < 0) { n += parseInt(parts[i], 36); out.push(n); continue; }
      var step = parseInt(parts[i].slice(0, star), 36), times = parseInt(parts[i].slice(star + 1), 36);
      for (var k = 0; k < times; k++) { n += step; out.push(n); }
    }
    return Int32Array.from(out);
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++; else if (a[i] > b[j]) j++; else { out.push(a[i]); i++; j++; }
    }
    return out;
  }
  function union(lists) {
    var seen = new Set();
    lists.forEach(function (l) { for (var i = 0; i < l.length; i++) seen.add(l[i]); });
    return Array.from(seen).sort(function (x, y) { return x - y; });
  }
  function range(lo, hi) {
    var out = [];
    for (var i = lo; i < hi; i++) out.push(i);
    return out;
  }
  function editDistance(a, b, limit) {
    // optimal string alignment (a swap of two letters counts once), given up above `limit`
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > limit) return limit + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  // ---- the sharded offline index ----------------------------------------------------------------
  function makeIndex(manifest, load) {
    // load(name) -> Promise of a shard's data; names are t<n>, m<n>, f<n>, n<n>
    var cache = {};
    function shard(name) {
      if (!cache[name]) cache[name] = load(name);
      return cache[name];
    }
    function termShard(key) {
      var b = manifest.terms || [], lo = 0, hi = b.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (b[mid] <= key) lo = mid + 1; else hi = mid; }
      return lo;
    }
    function entry(key) {
      // {docs, titles} of a word (its stem group's) or facet key; null if not indexed
      return shard("t" + termShard(key)).then(function (t) {
        var e = Object.prototype.hasOwnProperty.call(t, key) ? t[key] : undefined;
        if (typeof e === "string") return entry(e);
        return e ? {docs: decode(e[0]), titles: decode(e[1]), strong: decode(e[2])} : null;
      });
    }
    function prefixed(prefix) {
      // every indexed word that starts with `prefix`, from at most PREFIX_SHARDS shards
      var first = termShard(prefix), heads = {};
      function scan(n) {
        return shard("t" + n).then(function (t) {
          var keys = Object.keys(t), last = "";
          keys.forEach(function (k) {
            last = k;
            if (k.lastIndexOf(prefix, 0) === 0) heads[typeof t[k] === "string" ? t[k] : k] = true;
          });
          var more = last.lastIndexOf(prefix, 0) === 0 && n + 1 <= (manifest.terms || []).length && n - first + 1 < PREFIX_SHARDS;
          return more ? scan(n + 1) : null;
        });
      }
      return scan(first).then(function () {
        return Promise.all(Object.keys(heads).map(entry));
      }).then(function (list) {
        var es = list.filter(Boolean);
        function all(f) { return union(es.map(function (e) { return e[f]; })); }
        return es.length ? {docs: all("docs"), titles: all("titles"), strong: all("strong")} : null;
      });
    }
    function forms(t) {
      // other forms of a word the archive lacks: its base, and the base with common endings
      // ("sanctioned": sanction, sanctions, ...); the first one indexed stands for it
      var bases = [t], ends = ["'s", "es", "s", "ed", "ing", "ly", "e"];
      ends.forEach(function (e) {
        if (t.length > e.length + 2 && t.slice(-e.length) === e) bases.push(t.slice(0, -e.length));
      });
      if (t.slice(-3) === "ies") bases.push(t.slice(0, -3) + "y");
      var out = [];
      bases.forEach(function (b) {
        [b, b + "s", b + "es", b + "e", b + "ed", b + "ing"].forEach(function (f) {
          if (f !== t && out.indexOf(f) < 0) out.push(f);
        });
      });
      return out;
    }
    function firstEntry(keys) {
      if (!keys.length) return Promise.resolve(null);
      return entry(keys[0]).then(function (e) { return e || firstEntry(keys.slice(1)); });
    }
    function known(t) {
      // the entry of a query word, or of the form of it the archive has ("telescopes" beside
      // "telescope": the index holds every form it has, so the common English endings first)
      return entry(t).then(function (e) { return e || (t.length > 3 ? firstEntry(forms(t)) : null); });
    }
    function nearShards(term) {
      // the term shards a word one edit away may sit in: its own and the next ones in order
      // ("Josnson" sorts after "Johnson"), and those of the word with its first letters swapped
      // or dropped ("Guiliani" sorts far from "Giuliani")
      var own = termShard(term), last = (manifest.terms || []).length, out = [own];
      [term.charAt(1) + term.charAt(0) + term.slice(2), term.charAt(0) + term.charAt(2) + term.charAt(1) + term.slice(3),
        term.slice(1), term.charAt(0) + term.slice(2)].forEach(function (k) { out.push(termShard(k)); });
      if (own > 0) out.push(own - 1);
      if (own < last) out.push(own + 1);
      return out.filter(function (n, i) { return out.indexOf(n) === i; });
    }
    function suggest(term) {
      // the most frequent indexed word within one or two edits of `term`
      var limit = term.length >= 8 ? 2 : 1;
      return Promise.all(nearShards(term).map(function (n) { return shard("t" + n); })).then(function (shards) {
        // nearest first, then one that starts like the word (a first letter is rarely the slip:
        // "rplaced" is "replaced", not "placed"), then the most frequent
        var best = null, bestD = limit + 1, bestN = 0, first = term.charAt(0);
        shards.forEach(function (t) {
          Object.keys(t).forEach(function (k) {
            if (k.charAt(0) === "~" || Math.abs(k.length - term.length) > limit) return;
            var d = editDistance(term, k, limit);
            if (d > limit) return;
            var head = typeof t[k] === "string" ? t[t[k]] : t[k];
            var n = head ? decode(head[0]).length : 0;
            var score = d * 2 - (k.charAt(0) === first ? 1 : 0), bestScore = bestD * 2 - (best && best.charAt(0) === first ? 1 : 0);
            if (score < bestScore || (score === bestScore && n > bestN)) { best = k; bestD = d; bestN = n; }
          });
        });
        return best;
      });
    }
    function meta(id) {
      return shard("m" + Math.floor(id / manifest.meta)).then(function (rows) {
        var r = rows[id % manifest.meta];
        var entity = r[5] !== "a";
        return {id: id, url: r[0], title: r[1], date: r[2], source: r[3], kind: entity ? "entity" : "article",
          excerpt: entity ? KIND_NAME[r[5]] + " mentioned in " + r[4] + (r[4] === 1 ? " article" : " articles") : r[4],
          ekind: r[5], aliases: r[6] || []};
      });
    }
    function yearOf(id) {
      var ys = manifest.years || [], y = "undated";
      for (var i = 0; i < ys.length && ys[i][1] <= id; i++) y = ys[i][0];
      return y;
    }
    function yearIds(years) {
      var ys = manifest.years || [];
      return union(ys.map(function (y, i) {
        if (years.indexOf(y[0]) < 0) return [];
        return range(y[1], i + 1 < ys.length ? ys[i + 1][1] : manifest.docs);
      }));
    }
    function filterIds(filters) {
      // [sorted ids allowed by each active filter]
      var out = [];
      ["people", "organizations", "places"].forEach(function (f) {
        (filters[f] || []).forEach(function (v) {
          out.push(entry("~" + KIND_KEY[f] + ":" + v).then(function (e) { return e ? e.docs : []; }));
        });
      });
      if ((filters.source || []).length) {
        out.push(Promise.all(filters.source.map(function (v) { return entry("~s:" + v); })).then(function (es) {
          return union(es.filter(Boolean).map(function (e) { return e.docs; }));
        }));
      }
      var kinds = filters.kind || [], years = filters.year || [];
      if (kinds.length || years.length) {
        out.push(entry("~k:e").then(function (e) {
          var ents = e ? e.docs : [], set = new Set(ents);
          var all = years.length ? yearIds(years) : range(0, manifest.docs);
          // a year is a year of articles: entity pages are not dated by it
          var wantEntities = kinds.indexOf("entity") >= 0 && !years.length;
          var wantArticles = !kinds.length || kinds.indexOf("article") >= 0;
          return all.filter(function (id) { return set.has(id) ? wantEntities : wantArticles; });
        }));
      }
      return Promise.all(out);
    }
    function facetCounts(ranked) {
      // counts over the hits in the facet shards of the best-ranked hits (all of them when they
      // fit in FACET_SHARDS shards); articles only, except for the kind facet
      var shards = [], chosen = {};
      for (var i = 0; i < ranked.length && shards.length < FACET_SHARDS; i++) {
        var s = Math.floor(ranked[i] / manifest.facet);
        if (!chosen[s]) { chosen[s] = true; shards.push(s); }
      }
      return Promise.all(shards.map(function (s) { return shard("f" + s); })).then(function (loaded) {
        var rows = {};
        shards.forEach(function (s, k) { rows[s] = loaded[k]; });
        var counts = {kind: {}, source: {}, year: {}, people: {}, organizations: {}, places: {}}, counted = 0;
        var byId = {people: {}, organizations: {}, places: {}};
        ranked.forEach(function (id) {
          var part = rows[Math.floor(id / manifest.facet)];
          if (!part) return;
          counted++;
          var row = part[id % manifest.facet];
          if (row === "e") { counts.kind.entity = (counts.kind.entity || 0) + 1; return; }
          counts.kind.article = (counts.kind.article || 0) + 1;
          var y = yearOf(id);
          counts.year[y] = (counts.year[y] || 0) + 1;
          var cols = row.split("|");
          if (cols[0] !== "-") {
            var src = manifest.sources[parseInt(cols[0], 36)];
            counts.source[src] = (counts.source[src] || 0) + 1;
          }
          ["people", "organizations", "places"].forEach(function (f, k) {
            if (!cols[k + 1]) return;
            cols[k + 1].split(",").forEach(function (n) { byId[f][n] = (byId[f][n] || 0) + 1; });
          });
        });
        // names only for the values shown
        var wanted = [];
        ["people", "organizations", "places"].forEach(function (f) {
          var top = Object.keys(byId[f]).sort(function (a, b) { return byId[f][b] - byId[f][a]; }).slice(0, MAX_FACET_VALUES);
          top.forEach(function (n) { wanted.push([f, parseInt(n, 36), byId[f][n]]); });
        });
        return Promise.all(wanted.map(function (w) {
          return shard("n" + Math.floor(w[1] / manifest.names)).then(function (names) {
            counts[w[0]][names[w[1] % manifest.names][0]] = w[2];
          });
        })).then(function () { return {counts: counts, counted: counted}; });
      });
    }
    function search(query, filters, sort) {
      var terms = queryTerms(query, manifest.stop);
      return Promise.all(terms.map(function (t, i) {
        return known(t).then(function (e) {
          if (e) return {e: e, weight: 1};
          if (i === terms.length - 1 && t.length >= 3) {
            return prefixed(t).then(function (p) { return p ? {e: p, weight: 0.5} : null; });
          }
          return null;
        });
      })).then(function (found) {
        var missing = terms.filter(function (t, i) { return !found[i]; });
        if (missing.length) {
          return Promise.all(missing.map(suggest)).then(function (s) {
            var fixed = {};
            missing.forEach(function (t, i) { if (s[i]) fixed[t] = s[i]; });
            var suggestion = Object.keys(fixed).length === missing.length ? terms.map(function (t) { return fixed[t] || t; }).join(" ") : null;
            return {total: 0, facets: {}, suggestion: suggestion, rows: function () { return Promise.resolve([]); }};
          });
        }
        return Promise.all([filterIds(filters), named(query)]).then(function (got) {
          var allowed = got[0], score = new Map(), hits;
          if (terms.length) {
            var count = new Map();
            found.forEach(function (f) {
              // a rare word counts for more (idf); a page about the word (it recurs in the
              // text) or naming it in its title, more than one that names it in passing
              var d = f.e.docs, w = f.weight * (1 + Math.log(manifest.docs / Math.max(1, d.length)));
              function add(ids, times) {
                for (var j = 0; j < ids.length; j++) score.set(ids[j], (score.get(ids[j]) || 0) + times * w);
              }
              for (var i = 0; i < d.length; i++) count.set(d[i], (count.get(d[i]) || 0) + 1);
              add(d, 1);
              add(f.e.strong, 2);
              add(f.e.titles, 3);
              // the query is an entity's name: the articles linked to it are about it, where
              // the words alone may be apart ("black", "lives", "matter")
              add(got[1], 4);
            });
            hits = [];
            count.forEach(function (c, id) { if (c === terms.length) hits.push(id); });
            hits.sort(function (a, b) { return a - b; });
          } else {
            hits = allowed.length ? Array.from(allowed.shift()) : range(0, manifest.docs);
          }
          allowed.forEach(function (a) { hits = intersect(hits, a); });
          var ranked = sort === "date" ? hits : hits.slice().sort(function (a, b) {
            return (score.get(b) || 0) - (score.get(a) || 0) || a - b;
          });
          return facetCounts(ranked).then(function (fc) {
            return {total: ranked.length, facets: fc.counts, counted: fc.counted, terms: terms, ids: ranked,
              rows: function (start, n) {
                return Promise.all(ranked.slice(start, start + n).map(meta)).then(function (ms) {
                  return ms.map(function (m) {
                    return {url: m.url, title: m.title, date: m.date, source: m.source, kind: m.kind,
                      excerpt: [{text: m.excerpt, terms: terms}], entity: entityFacet(m)};
                  });
                });
              }};
          });
        });
      });
    }
    function named(query) {
      // the pages linked to the entity the query names exactly (its `~` facet postings)
      var q = words(query).join(" ");
      if (q.length < 2) return Promise.resolve([]);
      return entry("~n:" + q).then(function (e) {
        if (!e) return [];
        return Promise.all(Array.prototype.slice.call(e.docs, 0, 3).map(meta)).then(function (ms) {
          return Promise.all(ms.map(function (m) { return entry("~" + m.ekind + ":" + m.title); }));
        }).then(function (es) { return union(es.filter(Boolean).map(function (x) { return x.docs; })); });
      });
    }
    function entityMatches(query) {
      // an entity whose name or alias is the query; else the one person whose surname it is
      var q = words(query).join(" ");
      if (q.length < 2) return Promise.resolve([]);
      return entry("~n:" + q).then(function (e) {
        if (e) return e.docs;
        if (q.indexOf(" ") >= 0) return [];
        return entry("~u:" + q).then(function (u) { return u && u.docs.length === 1 ? u.docs : []; });
      }).then(function (ids) { return Promise.all(Array.prototype.slice.call(ids, 0, 5).map(meta)); });
    }
    function check(query) {
      // the query with each word the archive does not have replaced by the nearest one it
      // has; null when every word is known or nothing near is found. A stop word is not
      // indexed, and not a misspelling either ("WHO" is not "why")
      var stop = new Set(manifest.stop || []);
      var terms = queryTerms(query, manifest.stop);
      return Promise.all(terms.map(function (t, i) {
        if (stop.has(t)) return Promise.resolve(t);
        return known(t).then(function (e) {
          if (e) return t;
          // the last word may be the start of longer ones ("firew": firewall), as search has it
          if (i < terms.length - 1 || t.length < 3) return suggest(t);
          return prefixed(t).then(function (p) { return p ? t : suggest(t); });
        });
      })).then(function (fixed) {
        if (fixed.every(Boolean) && fixed.join(" ") !== terms.join(" ")) return fixed.join(" ");
        if (!terms.every(function (t) { return stop.has(t); })) return null;
        // only stop words ("WHO", "IT"): no word to search, but perhaps an entity's short
        // name; its full name is searched instead
        return entityMatches(query).then(function (ms) { return ms.length ? ms[0].title : null; });
      });
    }
    return {search: search, entityMatches: entityMatches, suggest: suggest, check: check};
  }
  function entityFacet(m) {
    // the exact filter an entity page stands for: {facet: "people", value: "Nicolas Maduro"}
    if (m.kind !== "entity") return null;
    return {facet: m.ekind === "p" ? "people" : m.ekind === "o" ? "organizations" : "places", value: m.title};
  }

  // shards are classic scripts calling SB_LOAD(name, data): the one way to load data from disk
  function scriptLoader() {
    var waiting = {};
    root.SB_LOAD = function (name, data) { if (waiting[name]) waiting[name].resolve(data); };
    var manifestScript = document.querySelector("script[src$='search-index.js']");
    var base = new URL((root.SB_SEARCH && root.SB_SEARCH.folder) || "search-index/",
      manifestScript ? manifestScript.src : window.location.href);
    return function (name) {
      return new Promise(function (resolve, reject) {
        waiting[name] = {resolve: resolve};
        var s = document.createElement("script");
        s.src = new URL(name + ".js", base).href;
        s.onerror = function () { reject(new Error("search index file missing: " + s.src)); };
        document.head.appendChild(s);
      });
    };
  }

  // ---- Pagefind engine ---------------------------------------------------------------------
  var pagefind = null;
  function basePath() { return decodeURI(new URL(".", window.location.href).pathname); }
  function loadPagefind() {
    if (!/^https?:$/.test(window.location.protocol)) return Promise.reject(new Error("not served over http"));
    var url = new URL("pagefind/pagefind.js", window.location.href).href;
    var extra = (root.SB_SEARCH && root.SB_SEARCH.bundles) || [];
    return import(url).then(function (mod) {
      return Promise.resolve(mod.options({baseUrl: basePath()})).then(function () {
        // large archives are indexed in several bundles (bounded memory); search them together
        return Promise.all(extra.map(function (b) { return mod.mergeIndex(new URL(b, window.location.href).href); }));
      }).then(function () {
        mod.init();
        // filter counts come back only once the filter index is loaded; with several bundles
        // the counts come from the offline index, and loading every bundle's filters would
        // cost more than the search (2.4 s to the first results at 10,000 articles)
        return extra.length ? null : mod.filters();
      }).then(function () { pagefind = mod; });
    });
  }
  function pagefindFilters(filters) {
    var out = {};
    FACETS.forEach(function (f) {
      var v = filters[f] || [];
      if (v.length) out[f] = ALL_OF[f] ? {all: v} : {any: v};
    });
    return out;
  }
  function excerptParts(html) {
    // Pagefind marks hits with <mark>; keep only the text of every part and rebuild the marks.
    var parser = new DOMParser();
    return (html || "").split(/(<mark>.*?<\/mark>)/).map(function (part) {
      var marked = /^<mark>/.test(part);
      // wrapped in <p>: the HTML parser drops whitespace at the very start of a document
      var text = parser.parseFromString("<p>" + part.replace(/<\/?mark>/g, "") + "</p>", "text/html").body.textContent;
      return {text: text, mark: marked};
    });
  }
  function pagefindRow(d, base) {
    // merged bundles answer with absolute addresses (http://host/path): compare paths only
    var path = decodeURI(new URL(d.url, window.location.href).pathname);
    var url = path.indexOf(base) === 0 ? path.slice(base.length) : path.replace(/^\//, "");
    var filt = d.filters || {};
    var kind = (filt.kind || [])[0] || "article";
    var facet = ["people", "organizations", "places"].filter(function (f) { return (filt[f] || []).length; })[0];
    var names = [].concat(filt.people || [], filt.organizations || [], filt.places || []);
    return {url: url, title: d.meta && d.meta.title, date: d.meta && d.meta.date,
      source: (filt.source || [])[0] || "", kind: kind, excerpt: excerptParts(d.excerpt), names: names,
      entity: kind === "entity" && facet ? {facet: facet, value: filt[facet][0]} : null};
  }
  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
    return n;
  }
  // What may follow the letters a word shares with a query word and still be a form of it
  // ("hurricane"/"hurricanes", "vaccine"/"vaccination", "run"/"running"), where Pagefind's
  // prefix expansion also gives other words ("super": superbug, supermarket; "fire": firewall)
  var ENDINGS = new Set(["", "s", "es", "e", "ed", "d", "ing", "er", "ers", "or", "ors", "y", "ies", "ied",
    "ly", "al", "ion", "ions", "ation", "ations", "ment", "ments", "ness", "ity", "ity's", "'s", "ist", "ists",
    "ism", "ive", "ic", "ical", "an", "ans", "ian", "ians", "ese", "ish"]);
  function formOf(w, t) {
    // w is a form of t: they share all but a few letters, and what differs is an ending
    var p = commonPrefix(w, t), need = Math.max(Math.min(t.length, 4), t.length - 4);
    if (p < need) return false;
    var a = w.slice(p), b = t.slice(p), last = t.charAt(p - 1);
    if (a.length > 1 && a.charAt(0) === last) a = a.slice(1);  // "running": run + n + ing
    if (b.length > 1 && b.charAt(0) === last) b = b.slice(1);  // "stabbing" holds "stab"
    return ENDINGS.has(a) && ENDINGS.has(b);
  }
  function holding(data, terms) {
    // which query words a result's text holds in some form: a word no fetched result holds in
    // a form (an unfinished "firew", or a word Pagefind matched only by a prefix) is let
    // through as Pagefind found it, as the offline index falls back to a prefix for it
    return data.map(function (d) {
      var ws = words((d.meta && d.meta.title || "") + " " + (d.content || ""));
      return terms.map(function (t) { return ws.some(function (w) { return formOf(w, t); }); });
    });
  }
  function pagefindSearch(query, filters, sort, index) {
    // Several bundles: each falls back to the longest prefix it has of a word it lacks
    // ("Sanders" gave San Francisco); when the offline index knows every word, a served
    // result is kept only if its text holds the words, and total and facets come offline.
    var opts = {filters: pagefindFilters(filters)};
    if (sort === "date") opts.sort = {date: "desc"};
    var terms = queryTerms(query, (root.SB_SEARCH || {}).stop);
    var merged = ((root.SB_SEARCH || {}).bundles || []).length > 0 && terms.length > 0;
    var check = merged ? index.search(query, filters, sort).then(function (o) { return o.ids ? o : null; }) : Promise.resolve(null);
    // Pagefind ranks each word on its own ("face masks" put "face" pages first): among its
    // first page of results, those holding the words side by side come first (in its order);
    // lifting every page with the phrase from further down put passing mentions of a name first
    var side = sort !== "date" && terms.length > 1 && query.indexOf('"') < 0;
    var phrase = side ? pagefind.search('"' + query.replace(/\s+/g, " ").trim() + '"', opts) : Promise.resolve(null);
    return Promise.all([pagefind.search(query || null, opts), check, phrase]).then(function (got) {
      var search = got[0], offline = got[1], base = basePath();
      var results = search.results;
      if (got[2] && got[2].results.length) {
        var close = new Set(got[2].results.map(function (r) { return r.id; }));
        var top = results.slice(0, PAGE);
        results = top.filter(function (r) { return close.has(r.id); })
          .concat(top.filter(function (r) { return !close.has(r.id); }), results.slice(PAGE));
      }
      var accepted = [], cursor = 0, known = terms.map(function () { return false; });
      function fill(n) {
        // fragments only for the rows shown
        if (accepted.length >= n || cursor >= results.length) return Promise.resolve();
        var batch = results.slice(cursor, cursor + PAGE);
        cursor += batch.length;
        return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
          var held = holding(data, terms);
          held.forEach(function (h) { h.forEach(function (yes, k) { if (yes) known[k] = true; }); });
          data.forEach(function (d, i) {
            // "Super Tuesday" is not "superbug ... Tuesday": a result must hold, in some form,
            // every word that some result holds (the offline index matches words, not prefixes)
            if (terms.every(function (t, k) { return held[i][k] || !known[k]; })) accepted.push(pagefindRow(d, base));
          });
          return fill(n);
        });
      }
      var facets = {};
      FACETS.forEach(function (f) { facets[f] = (search.filters && search.filters[f]) || {}; });
      return {total: offline ? offline.total : search.results.length, facets: offline ? offline.facets : facets,
        counted: offline ? offline.counted : undefined,
        rows: function (start, n) { return fill(start + n).then(function () { return accepted.slice(start, start + n); }); }};
    });
  }

  // ---- page --------------------------------------------------------------------------------
  function readParams() {
    var p = new URLSearchParams(window.location.search);
    var filters = {};
    FACETS.forEach(function (f) { filters[f] = p.getAll(f).filter(Boolean); });
    return {q: p.get("q") || "", sort: p.get("sort") === "date" ? "date" : "relevance", filters: filters,
      exact: p.get("exact") === "1"};
  }
  function writeParams(state) {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.sort === "date") p.set("sort", "date");
    if (state.q && state.exact) p.set("exact", "1");
    FACETS.forEach(function (f) { (state.filters[f] || []).forEach(function (v) { p.append(f, v); }); });
    var url = window.location.pathname + (p.toString() ? "?" + p.toString() : "");
    try { window.history.replaceState(null, "", url); } catch (e) { /* file:// may refuse; harmless */ }
  }
  function highlight(parent, part) {
    if (part.mark !== undefined) {
      parent.appendChild(part.mark ? el("mark", {}, part.text) : document.createTextNode(part.text));
      return;
    }
    var terms = part.terms || [];
    var tokens = part.text.split(/(\s+)/);
    tokens.forEach(function (tok) {
      var w = words(tok)[0];
      var hit = w && terms.some(function (t) { return w.lastIndexOf(t, 0) === 0 || (t.length > 3 && t.lastIndexOf(w, 0) === 0 && w.length >= t.length - 2); });
      parent.appendChild(hit ? el("mark", {}, tok) : document.createTextNode(tok));
    });
  }
  function renderRows(box, list, state, rerun) {
    list.forEach(function (r) {
      var li = el("li", {"class": "result result-" + r.kind});
      li.appendChild(el("a", {href: r.url}, r.title || r.url));
      var meta = [r.kind === "entity" ? "entity page" : null, humanDate(r.date), r.source && r.source !== "unknown" ? r.source : null]
        .filter(Boolean).join(" · ");
      li.appendChild(el("span", {"class": "meta"}, meta));
      var p = el("p", {"class": "excerpt"});
      (r.excerpt || []).forEach(function (part) { highlight(p, part); });
      li.appendChild(p);
      if (r.entity) {
        // Pagefind matches multi-word names loosely; this filter is exact
        var b = el("button", {type: "button", "class": "entity-filter", "data-entity-filter": r.entity.facet},
          "Only articles mentioning " + r.entity.value);
        b.addEventListener("click", function () {
          var chosen = state.filters[r.entity.facet] = state.filters[r.entity.facet] || [];
          if (chosen.indexOf(r.entity.value) < 0) chosen.push(r.entity.value);
          state.q = "";
          rerun();
        });
        li.appendChild(b);
      }
      box.appendChild(li);
    });
  }
  function linkedFirst(rows, pinned) {
    // Pagefind ranks words, not names: on the page shown, the articles linked to the entity
    // the query names come first, in Pagefind's order (the offline engine ranks them so itself)
    var names = pinned.map(function (m) { return m.title; });
    if (!names.length || !rows.some(function (r) { return r.names; })) return rows;
    function linked(r) { return (r.names || []).some(function (n) { return names.indexOf(n) >= 0; }); }
    return rows.filter(linked).concat(rows.filter(function (r) { return !linked(r); }));
  }
  function renderFacets(box, facets, state, rerun) {
    box.textContent = "";
    FACETS.forEach(function (f) {
      var counts = facets[f] || {};
      var selected = state.filters[f] || [];
      var values = Object.keys(counts).filter(function (v) { return counts[v] > 0 || selected.indexOf(v) >= 0; });
      selected.forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
      if (!values.length) return;
      values.sort(function (a, b) {
        if (f === "year") return a < b ? 1 : -1;
        return (counts[b] || 0) - (counts[a] || 0) || (a < b ? -1 : 1);
      });
      var fs = el("fieldset", {"class": "facet", "data-facet": f});
      fs.appendChild(el("legend", {}, FACET_TITLES[f]));
      values.slice(0, MAX_FACET_VALUES).forEach(function (v, i) {
        var id = "facet-" + f + "-" + i;
        var row = el("div", {"class": "facet-row"});
        var box2 = el("input", {type: "checkbox", id: id, value: v, "data-facet-value": f});
        box2.checked = selected.indexOf(v) >= 0;
        box2.addEventListener("change", function () {
          var list = state.filters[f] = (state.filters[f] || []).filter(function (x) { return x !== v; });
          if (box2.checked) list.push(v);
          rerun();
        });
        row.appendChild(box2);
        row.appendChild(el("label", {"for": id}, v + " (" + (counts[v] || 0) + ")"));
        fs.appendChild(row);
      });
      box.appendChild(fs);
    });
  }
  function start() {
    var form = document.querySelector("[data-search-form]");
    var box = document.querySelector("[data-search-results]");
    if (!form || !box) return;
    var status = document.querySelector("[data-search-status]");
    var facetBox = document.querySelector("[data-search-facets]");
    var filters = document.querySelector("[data-search-filters]");
    var moreBox = document.querySelector("[data-search-more]");
    var hintBox = document.querySelector("[data-search-hint]");
    var input = form.querySelector("input[name=q]");
    var sortSel = form.querySelector("select[name=sort]");
    var state = readParams();
    if (filters && window.matchMedia && window.matchMedia("(max-width: 50rem)").matches) {
      // on a phone the filters fold behind their summary, so the first result is on the first
      // screen; a search that arrives filtered shows them open
      filters.open = Object.keys(state.filters).some(function (f) { return state.filters[f].length > 0; });
    }
    input.value = state.q;
    sortSel.value = state.sort;
    var manifest = root.SB_SEARCH || {};
    if (manifest.off || manifest.v !== 3) {  /* built with --no-search */
      status.textContent = "This copy of the archive was built without its search index. " +
        "Browse it by date, source or name from the menu above.";
      box.setAttribute("aria-busy", "false");
      return;
    }
    var index = makeIndex(manifest, scriptLoader());
    var several = (manifest.bundles || []).length > 0, served = null;
    function pagefindEngine() {
      if (!served) {
        served = loadPagefind().then(function () {
          return {name: "pagefind", search: function (q, f, sort) { return pagefindSearch(q, f, sort, index); }};
        }, function () { return {name: "offline", search: index.search}; });
      }
      return served;
    }
    function engineFor(q) {
      // Pagefind when served, except over several bundles: merging them cost 1.6-2.4 s to the
      // first results at 10,000 articles (the offline index answers in about 0.5 s, with the
      // same ranking), so there it answers only phrases in quotes, which it alone can check
      if (several && q.indexOf('"') < 0) return Promise.resolve({name: "offline", search: index.search});
      return pagefindEngine();
    }
    if (!several) pagefindEngine();  // start loading at once
    var runId = 0;
    function run() {
      var id = ++runId;
      input.value = state.q;
      writeParams(state);
      hintBox.textContent = "";
      moreBox.textContent = "";
      var anyFilter = FACETS.some(function (f) { return (state.filters[f] || []).length; });
      if (!state.q && !anyFilter) {
        status.textContent = "Type a word or a name to search.";
        box.textContent = "";
        box.setAttribute("aria-busy", "false");
        return;
      }
      status.textContent = "Searching…";
      box.setAttribute("aria-busy", "true");
      // a word the archive does not have is a misspelling: its results would be nothing, or
      // (Pagefind) the pages holding its longest known prefix ("Bloomburg" gave "bloom"); the
      // nearest words the archive has are searched instead, with a way back to the words typed
      var checked = state.q ? index.check(state.q).catch(function () { return null; }) : Promise.resolve(null);
      checked.then(function (fix) {
        if (id !== runId) return null;
        var q = fix && !state.exact ? fix : state.q;
        // the offline index's part (the pinned entity) starts at once, while Pagefind loads
        var pinned = anyFilter || !q ? Promise.resolve([]) : index.entityMatches(q);
        return engineFor(q).then(function (engine) {
          box.setAttribute("data-engine", engine.name);
          return engine.search(q, state.filters, state.sort);
        })
          .catch(function () {
            box.setAttribute("data-engine", "offline");
            return index.search(q, state.filters, state.sort);
          })
          .then(function (res) {
            var suggestion = q !== state.q ? null : res.suggestion !== undefined ? res.suggestion : fix;
            return Promise.all([res, pinned, res.rows(0, PAGE), suggestion, q]);
          });
      })
        .then(function (got) {
          if (!got || id !== runId) return;
          var res = got[0], seen = {}, shown = PAGE;
          var list = got[1].map(function (m) {
            seen[m.url] = true;
            return {url: m.url, title: m.title, date: m.date, source: "", kind: "entity",
              excerpt: [{text: m.excerpt, terms: []}], entity: entityFacet(m)};
          });
          function fresh(rows) { return rows.filter(function (r) { var s = seen[r.url]; seen[r.url] = true; return !s; }); }
          box.textContent = "";
          renderRows(box, list.concat(fresh(linkedFirst(got[2], got[1]))), state, run);
          renderFacets(facetBox, res.facets, state, run);
          var asked = got[4];
          status.textContent = res.total + (res.total === 1 ? " result" : " results") +
            (asked ? " for “" + asked + "”" : "");
          if (res.counted !== undefined && res.counted < res.total) {
            status.textContent += " (filters counted over the " + res.counted + " best)";
          }
          if (asked !== state.q) {
            // corrected: the words searched first (the link the "did you mean" tests read), then the way back
            hintBox.appendChild(document.createTextNode("Showing results for "));
            var fixed = el("a", {href: "?q=" + encodeURIComponent(asked), "data-suggestion": asked}, asked);
            fixed.addEventListener("click", function (ev) { ev.preventDefault(); state.q = asked; run(); });
            hintBox.appendChild(fixed);
            hintBox.appendChild(document.createTextNode(". Search instead for "));
            var typed = state.q;
            var back = el("a", {href: "?q=" + encodeURIComponent(typed) + "&exact=1", "data-search-exact": typed}, typed);
            back.addEventListener("click", function (ev) { ev.preventDefault(); state.q = typed; state.exact = true; run(); });
            hintBox.appendChild(back);
            hintBox.appendChild(document.createTextNode("."));
          } else if (got[3]) {
            hintBox.appendChild(document.createTextNode("Did you mean "));
            var a = el("a", {href: "?q=" + encodeURIComponent(got[3]), "data-suggestion": got[3]}, got[3]);
            a.addEventListener("click", function (ev) { ev.preventDefault(); state.q = got[3]; state.exact = false; run(); });
            hintBox.appendChild(a);
            hintBox.appendChild(document.createTextNode("?"));
          }
          function more() {
            moreBox.textContent = "";
            if (shown >= res.total) return;
            var b = el("button", {type: "button", "data-search-more-button": ""},
              "Show more results (" + (res.total - shown) + " left)");
            b.addEventListener("click", function () {
              b.disabled = true;
              res.rows(shown, PAGE).then(function (rows) {
                if (id !== runId) return;
                shown = rows.length < PAGE ? res.total : shown + PAGE;
                renderRows(box, fresh(rows), state, run);
                more();
              });
            });
            moreBox.appendChild(b);
          }
          more();
          box.setAttribute("aria-busy", "false");  // tests and assistive tech wait for this
        });
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      state.q = input.value.trim();
      state.sort = sortSel.value;
      state.exact = false;
      run();
    });
    sortSel.addEventListener("change", function () { state.sort = sortSel.value; run(); });
    run();
  }
  if (typeof module !== "undefined" && module.exports) {
    // under node (tests and the search benchmark): the tokeniser and the offline engine
    module.exports = {fold: fold, words: words, queryTerms: queryTerms, makeIndex: makeIndex, decode: decode,
      editDistance: editDistance};
    return;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(typeof window !== "undefined" ? window : globalThis);
