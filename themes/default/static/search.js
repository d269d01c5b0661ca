/* site-builder search page.
 *
 * Two engines behind one interface, search(query, filters, sort) -> {results, facets}:
 * - Pagefind, when the page is served over http(s);
 * - the offline index (search-index.js, loaded by a classic <script> tag, sets window.SB_SEARCH),
 *   when the page is opened from disk (file://), where browsers block Pagefind's module
 *   imports, fetches and workers; also the fallback if Pagefind fails to load.
 * search.html?q=TERM&source=AFP&people=NAME&sort=date runs that search on load.
 * Offline rows: [url, title, date, source, kind, excerpt, words, people, organizations, places, aliases]
 * where kind is "a" (article) or "e" (entity page), excerpt of an entity page is its number of
 * articles, and words is the page's word numbers in SB_SEARCH.vocab (sorted), as base-36 gaps.
 * Nothing from the index is inserted as HTML: every string goes through textContent.
 */
(function () {
  "use strict";
  var FACETS = ["kind", "source", "year", "people", "organizations", "places"];
  var FACET_TITLES = {kind: "Kind", source: "Source", year: "Year", people: "People",
    organizations: "Organizations", places: "Places"};
  var ALL_OF = {people: true, organizations: true, places: true};
  var MAX_RESULTS = 50;
  var MAX_FACET_VALUES = 12;

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(text) {
    return fold(text).match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)?/gu) || [];
  }
  // The index leaves out stop words and one-letter words (one list, written into
  // search-index.js by the build from site_builder/data/stopwords.txt); so does the query.
  function queryTerms(query) {
    var stop = new Set((window.SB_SEARCH && window.SB_SEARCH.stop) || []);
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

  // ---- offline engine ----------------------------------------------------------------------
  var docs = null;
  function offlineDocs() {
    if (docs) return docs;
    var rows = (window.SB_SEARCH && window.SB_SEARCH.docs) || [];
    docs = rows.map(function (r) {
      var kind = r[4] === "e" ? "entity" : "article";
      var ekind = (r[7] || []).length ? "person" : (r[8] || []).length ? "organization" : "place";
      var excerpt = kind === "entity" ? ekind + " mentioned in " + r[5] + (r[5] === 1 ? " article" : " articles") : r[5];
      return {url: r[0], title: r[1], date: r[2], source: r[3] || "unknown", kind: kind, excerpt: excerpt,
        ids: null, code: r[6], people: r[7], organizations: r[8], places: r[9], aliases: r[10] || [],
        year: r[2] ? r[2].slice(0, 4) : "undated", titleWords: words(r[1])};
    });
    return docs;
  }
  function entityFacet(d) {
    // the exact filter an entity page stands for: {facet: "people", value: "Nicolas Maduro"}
    if (d.kind !== "entity") return null;
    var facet = d.people.length ? "people" : d.organizations.length ? "organizations" : "places";
    return {facet: facet, value: d.title};
  }
  function facetValues(doc, facet) {
    if (facet === "kind" || facet === "source" || facet === "year") return [doc[facet]];
    return doc[facet] || [];
  }
  function passes(doc, filters) {
    return FACETS.every(function (f) {
      var want = filters[f] || [];
      if (!want.length) return true;
      var have = facetValues(doc, f);
      return ALL_OF[f] ? want.every(function (v) { return have.indexOf(v) >= 0; })
                       : want.some(function (v) { return have.indexOf(v) >= 0; });
    });
  }
  function docIds(doc) {
    if (!doc.ids) {
      var ids = new Set(), n = 0;
      (doc.code ? doc.code.split(".") : []).forEach(function (gap) { n += parseInt(gap, 36); ids.add(n); });
      doc.ids = ids;
    }
    return doc.ids;
  }
  function termIds(term, prefix) {
    // the vocabulary numbers a query word stands for: itself, or (last word) every word it starts
    var vocab = (window.SB_SEARCH && window.SB_SEARCH.vocab) || [];
    var lo = 0, hi = vocab.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (vocab[mid] < term) lo = mid + 1; else hi = mid; }
    var out = [];
    for (var i = lo; i < vocab.length && (vocab[i] === term || (prefix && vocab[i].lastIndexOf(term, 0) === 0)); i++) {
      out.push(i);
      if (!prefix) break;
    }
    return out;
  }
  function matchScore(doc, terms, wanted) {
    if (!terms.length) return 1;
    var ids = docIds(doc), score = 0;
    for (var i = 0; i < terms.length; i++) {
      if (!wanted[i].some(function (id) { return ids.has(id); })) return 0;
      score += 1 + (doc.titleWords.indexOf(terms[i]) >= 0 ? 3 : 0);
    }
    return score;
  }
  function offlineSearch(query, filters, sort) {
    var all = offlineDocs(), hits = [];  // first: it loads the index, and with it the stop list
    var terms = queryTerms(query);
    var wanted = terms.map(function (t, i) { return termIds(t, i === terms.length - 1 && t.length >= 2); });
    all.forEach(function (doc) {
      var s = matchScore(doc, terms, wanted);
      if (s > 0) hits.push({doc: doc, score: s});
    });
    var facets = {};
    FACETS.forEach(function (f) { facets[f] = {}; });
    var results = [];
    hits.forEach(function (h) {
      if (!passes(h.doc, filters)) return;
      results.push(h);
      FACETS.forEach(function (f) {
        facetValues(h.doc, f).forEach(function (v) { facets[f][v] = (facets[f][v] || 0) + 1; });
      });
    });
    results.sort(function (a, b) {
      if (sort !== "date" && b.score !== a.score) return b.score - a.score;
      return a.doc.date < b.doc.date ? 1 : a.doc.date > b.doc.date ? -1 : (a.doc.url < b.doc.url ? -1 : 1);
    });
    return Promise.resolve({
      total: results.length, facets: facets,
      results: results.slice(0, MAX_RESULTS).map(function (h) {
        return {url: h.doc.url, title: h.doc.title, date: h.doc.date, source: h.doc.source, kind: h.doc.kind,
          excerpt: [{text: h.doc.excerpt, terms: terms}], entity: entityFacet(h.doc)};
      })
    });
  }

  // ---- Pagefind engine ---------------------------------------------------------------------
  var pagefind = null;
  function basePath() { return decodeURI(new URL(".", window.location.href).pathname); }
  function loadPagefind() {
    if (!/^https?:$/.test(window.location.protocol)) return Promise.reject(new Error("not served over http"));
    var url = new URL("pagefind/pagefind.js", window.location.href).href;
    var extra = (window.SB_SEARCH && window.SB_SEARCH.bundles) || [];
    return import(url).then(function (mod) {
      return Promise.resolve(mod.options({baseUrl: basePath()})).then(function () {
        // large archives are indexed in several bundles (bounded memory); search them together
        return Promise.all(extra.map(function (b) { return mod.mergeIndex(new URL(b, window.location.href).href); }));
      }).then(function () {
        mod.init();
        // filter counts come back only once the filter index is loaded
        return mod.filters();
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
  function pagefindSearch(query, filters, sort) {
    var opts = {filters: pagefindFilters(filters)};
    if (sort === "date") opts.sort = {date: "desc"};
    return pagefind.search(query || null, opts).then(function (search) {
      var base = basePath();
      var slice = search.results.slice(0, MAX_RESULTS);
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (data) {
        var facets = {};
        FACETS.forEach(function (f) { facets[f] = (search.filters && search.filters[f]) || {}; });
        return {
          total: search.results.length, facets: facets,
          results: data.map(function (d) {
            // merged bundles answer with absolute addresses (http://host/path): compare paths only
            var path = decodeURI(new URL(d.url, window.location.href).pathname);
            var url = path.indexOf(base) === 0 ? path.slice(base.length) : path.replace(/^\//, "");
            var filt = d.filters || {};
            var kind = (filt.kind || [])[0] || "article";
            var facet = ["people", "organizations", "places"].filter(function (f) { return (filt[f] || []).length; })[0];
            return {url: url, title: d.meta && d.meta.title, date: d.meta && d.meta.date,
              source: (filt.source || [])[0] || "", kind: kind, excerpt: excerptParts(d.excerpt),
              entity: kind === "entity" && facet ? {facet: facet, value: filt[facet][0]} : null};
          })
        };
      });
    });
  }

  // ---- entity matches (both engines) -------------------------------------------------------
  function entityMatches(query) {
    // an entity whose name or alias is the query; else the one person whose surname it is
    var q = words(query).join(" ");
    if (q.length < 2) return [];
    var entities = offlineDocs().filter(function (d) { return d.kind === "entity"; });
    var exact = entities.filter(function (d) {
      return [d.title].concat(d.aliases).some(function (n) { return words(n).join(" ") === q; });
    });
    if (exact.length || q.indexOf(" ") >= 0) return exact;
    var bySurname = entities.filter(function (d) {
      var w = words(d.title);
      return d.people.length && w.length > 1 && w[w.length - 1] === q;
    });
    return bySurname.length === 1 ? bySurname : [];
  }

  // ---- page --------------------------------------------------------------------------------
  function readParams() {
    var p = new URLSearchParams(window.location.search);
    var filters = {};
    FACETS.forEach(function (f) { filters[f] = p.getAll(f).filter(Boolean); });
    return {q: p.get("q") || "", sort: p.get("sort") === "date" ? "date" : "relevance", filters: filters};
  }
  function writeParams(state) {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.sort === "date") p.set("sort", "date");
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
      var hit = w && terms.some(function (t) { return w.lastIndexOf(t, 0) === 0; });
      parent.appendChild(hit ? el("mark", {}, tok) : document.createTextNode(tok));
    });
  }
  function renderResults(box, list, state, rerun) {
    box.textContent = "";
    list.forEach(function (r) {
      var li = el("li", {"class": "result result-" + r.kind});
      li.appendChild(el("a", {href: r.url}, r.title || r.url));
      var meta = [r.kind === "entity" ? "entity page" : null, r.date, r.source && r.source !== "unknown" ? r.source : null]
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
    var input = form.querySelector("input[name=q]");
    var sortSel = form.querySelector("select[name=sort]");
    var state = readParams();
    input.value = state.q;
    sortSel.value = state.sort;
    if (window.SB_SEARCH && window.SB_SEARCH.off) {  /* built with --no-search */
      status.textContent = "This copy of the archive was built without its search index. " +
        "Browse it by date, source or name from the menu above.";
      box.setAttribute("aria-busy", "false");
      return;
    }
    var engine = loadPagefind().then(function () { box.setAttribute("data-engine", "pagefind"); return pagefindSearch; },
      function () { box.setAttribute("data-engine", "offline"); return offlineSearch; });
    var runId = 0;
    function run() {
      var id = ++runId;
      input.value = state.q;
      writeParams(state);
      var anyFilter = FACETS.some(function (f) { return (state.filters[f] || []).length; });
      if (!state.q && !anyFilter) {
        status.textContent = "Type a word or a name to search.";
        box.textContent = "";
        box.setAttribute("aria-busy", "false");
        return;
      }
      status.textContent = "Searching…";
      box.setAttribute("aria-busy", "true");
      engine.then(function (search) { return search(state.q, state.filters, state.sort); })
        .catch(function () { return offlineSearch(state.q, state.filters, state.sort); })
        .then(function (res) {
          if (id !== runId) return;
          var entities = anyFilter || !state.q ? [] : entityMatches(state.q);
          var seen = {};
          var list = entities.map(function (d) {
            seen[d.url] = true;
            return {url: d.url, title: d.title, date: d.date, source: "", kind: "entity",
              excerpt: [{text: d.excerpt, terms: []}], entity: entityFacet(d)};
          }).concat(res.results.filter(function (r) { return !seen[r.url]; }));
          renderResults(box, list, state, run);
          renderFacets(facetBox, res.facets, state, run);
          status.textContent = res.total + (res.total === 1 ? " result" : " results") +
            (state.q ? " for “" + state.q + "”" : "");
          box.setAttribute("aria-busy", "false");  // tests and assistive tech wait for this
        });
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      state.q = input.value.trim();
      state.sort = sortSel.value;
      run();
    });
    sortSel.addEventListener("change", function () { state.sort = sortSel.value; run(); });
    run();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
