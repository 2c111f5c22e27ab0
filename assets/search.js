/* newsarchive search: the index shards load as <script> files (which works from file://, where
   fetch does not), newest first and only as many as a query needs, into MiniSearch.
   Article text is data, never markup: results are built with DOM APIs and textContent. */
(function () {
  "use strict";

  var WANT = 20; // load older shards until a query has this many results...
  var BUDGET = 5000; // ...or this many more articles were loaded for it; then the reader asks for more
  var PAGE = 20; // results shown at a time
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  // Terms are split at spaces, punctuation and symbols (MiniSearch's default leaves symbols in);
  // search.py splits the same way.
  var SEPARATORS = /[\n\r\p{Z}\p{P}\p{S}]+/u;

  var data = document.getElementById("search-data");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var moreButton = document.getElementById("search-more");
  var olderButton = document.getElementById("search-older");
  if (!data || !form || !input || !status || !list || !moreButton || !olderButton) return;
  if (typeof MiniSearch === "undefined") {
    status.textContent = "Search could not start: its script did not load.";
    return;
  }

  var manifest = JSON.parse(data.textContent);
  var BATCH = manifest.batch; // articles loaded at a time: small shards load together
  var root = form.getAttribute("data-root") || "";
  var at = {};
  manifest.fields.forEach(function (name, i) { at[name] = i; });
  var stopwords = new Set(manifest.stopwords);

  function processTerm(term) {
    var t = term.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
    return t && !stopwords.has(t) ? t : null;
  }

  function tokenize(text) { return text.split(SEPARATORS); }

  var mini = new MiniSearch({
    fields: ["title", "tags", "dateline", "body"],
    tokenize: tokenize,
    processTerm: processTerm,
    searchOptions: {
      tokenize: tokenize,
      combineWith: "AND",
      boost: { title: 4, tags: 2, dateline: 1.5 },
      prefix: function (term, i, terms) { return i === terms.length - 1 && term.length >= 3; },
    },
  });
  var docs = []; // document values, by MiniSearch id
  var loaded = 0; // shards loaded so far, newest first
  var failed = []; // labels of shards that did not load
  var pending = null; // the shard load under way
  var generation = 0; // the latest query; older runs stop when it changes
  var results = [];
  var shown = 0;
  var query = "";

  // Load the next shards, newest first: several small ones at once, up to about BATCH articles.
  // Gives the number of articles asked for.
  function loadMore(quiet) {
    if (pending) return pending;
    var batch = [];
    var count = 0;
    while (loaded + batch.length < manifest.shards.length && (!batch.length || count < BATCH)) {
      var entry = manifest.shards[loaded + batch.length];
      batch.push(entry);
      count += entry.count;
    }
    var first = batch[0].label;
    var last = batch[batch.length - 1].label;
    if (!quiet) setStatus("Searching " + (first === last ? first : first + " back to " + last) + "…");
    pending = Promise.all(batch.map(loadShard)).then(function () {
      loaded += batch.length;
      pending = null;
      return count;
    });
    return pending;
  }

  function loadShard(entry) {
    return new Promise(function (resolve) {
      var script = document.createElement("script");
      script.src = root + entry.src;
      script.onload = function () {
        var store = self.newsarchiveShards || {};
        var shard = store[entry.id];
        delete store[entry.id];
        if (shard) add(shard.docs); else failed.push(entry.label);
        finish();
      };
      script.onerror = function () { failed.push(entry.label); finish(); };
      function finish() {
        script.remove();
        resolve();
      }
      document.head.appendChild(script);
    });
  }

  function add(values) {
    mini.addAll(values.map(function (v) {
      docs.push(v);
      return { id: docs.length - 1, title: v[at.title], tags: v[at.tags].join(" "), dateline: v[at.dateline],
        body: v[at.summary] + " " + v[at.terms] };
    }));
  }

  // Title hits first, then hits in tags or dateline, then the rest; newest first within each.
  function find(q) {
    var hits = mini.search(q);
    var close = false;
    if (!hits.length) {
      hits = mini.search(q, { fuzzy: function (term) { return term.length >= 5 ? 0.2 : false; } });
      close = hits.length > 0;
    }
    var inTitle = new Set(mini.search(q, { fields: ["title"], fuzzy: close ? 0.2 : false }).map(idOf));
    var inMeta = new Set(mini.search(q, { fields: ["title", "tags", "dateline"], fuzzy: close ? 0.2 : false })
      .map(idOf));
    var ranked = hits.map(function (h) {
      return { doc: docs[h.id], terms: new Set(h.terms), score: h.score,
        tier: inTitle.has(h.id) ? 0 : inMeta.has(h.id) ? 1 : 2 };
    });
    ranked.sort(function (a, b) {
      return a.tier - b.tier || compare(b.doc[at.date], a.doc[at.date]) || b.score - a.score ||
        compare(a.doc[at.url], b.doc[at.url]);
    });
    ranked.close = close;
    return ranked;
  }

  function idOf(h) { return h.id; }
  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  async function run(q) {
    if (q === query) return; // already searched (or searching) for it
    var mine = ++generation;
    query = q;
    if (!tokens(q).some(processTerm)) {
      results = [];
      shown = 0;
      list.replaceChildren();
      setStatus(q.trim() ? "Type a word that is not as common as “" + q.trim() + "”." : "");
      olderButton.hidden = moreButton.hidden = true;
      return;
    }
    var budget = 0;
    results = find(q);
    while (loaded < manifest.shards.length && results.length < WANT && budget < BUDGET) {
      budget += await loadMore();
      if (mine !== generation) return;
      results = find(q);
    }
    shown = Math.min(PAGE, results.length);
    render();
  }

  async function older() {
    var mine = generation;
    var budget = 0;
    var before = results.length;
    do {
      budget += await loadMore();
      if (mine !== generation) return;
      results = find(query);
    } while (loaded < manifest.shards.length && results.length < before + WANT && budget < BUDGET);
    shown = Math.max(shown, Math.min(results.length, before + PAGE));
    render();
  }

  function render() {
    list.replaceChildren.apply(list, results.slice(0, shown).map(item));
    var q = "“" + query.trim() + "”";
    var n = results.length;
    var found = n === 0 ? "No results for " + q : n + (n === 1 ? " result for " : " results for ") + q;
    if (results.close) found += " (no exact match; these are close)";
    var searched;
    if (loaded >= manifest.shards.length) {
      searched = manifest.count === 1 ? "the only article" : "all " + manifest.count + " articles";
    } else {
      var newest = manifest.shards[0].label;
      var oldest = manifest.shards[loaded - 1].label;
      searched = "articles from " + (newest === oldest ? newest : oldest + " to " + newest);
    }
    var text = found + " in " + searched + ".";
    if (failed.length) text += " Could not load the index for " + failed.join(", ") + ".";
    setStatus(text);
    moreButton.hidden = shown >= n;
    olderButton.hidden = loaded >= manifest.shards.length;
    if (!olderButton.hidden) olderButton.textContent = "Search older articles (" + manifest.shards[loaded].label + ")";
  }

  function item(r) {
    var d = r.doc;
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "headline";
    a.href = root + d[at.url];
    var meta = document.createElement("p");
    meta.className = "meta";
    var time = document.createElement("time");
    time.dateTime = d[at.date];
    time.textContent = longDate(d[at.date]);
    meta.append(time);
    if (d[at.dateline]) meta.append(" · " + d[at.dateline]);
    if (d[at.tags].length) meta.append(" · " + d[at.tags].join(", "));
    li.append(a, meta);
    var marks = marked(a, d[at.title], r.terms);
    if (d[at.summary]) {
      var summary = document.createElement("p");
      summary.className = "summary";
      marked(summary, d[at.summary], r.terms).forEach(function (t) { marks.add(t); });
      li.append(summary);
    }
    // The body itself is not in the index: name the words that matched there.
    var elsewhere = [];
    r.terms.forEach(function (t) { if (!marks.has(t) && bodyHas(d, t)) elsewhere.push(t); });
    if (elsewhere.length) {
      var also = document.createElement("p");
      also.className = "meta also";
      also.append("Also in the text: ");
      elsewhere.forEach(function (t, i) {
        var mark = document.createElement("mark");
        mark.textContent = t;
        also.append(i ? ", " : "", mark);
      });
      li.append(also);
    }
    return li;
  }

  function bodyHas(d, term) { return (" " + d[at.terms] + " ").indexOf(" " + term + " ") >= 0; }

  // Text into an element, with the words the query matched in <mark>; gives the terms it marked.
  function marked(el, text, terms) {
    var found = new Set();
    var parts = text.split(new RegExp("(" + SEPARATORS.source + ")", "u"));
    for (var i = 0; i < parts.length; i++) {
      var term = i % 2 === 0 && parts[i] ? processTerm(parts[i]) : null;
      if (term && terms.has(term)) {
        var mark = document.createElement("mark");
        mark.textContent = parts[i];
        el.append(mark);
        found.add(term);
      } else if (parts[i]) {
        el.append(parts[i]);
      }
    }
    return found;
  }

  function longDate(iso) {
    var p = iso.split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }

  function tokens(q) { return tokenize(q).filter(Boolean); }

  function setStatus(text) { status.textContent = text; }

  function remember(q) {
    try {
      history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
    } catch (e) {
      // some browsers refuse to change a file:// URL; the search still works
    }
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(input.value); run(input.value); }, 250);
  });
  input.addEventListener("focus", function () { if (!loaded && manifest.shards.length) loadMore(true); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember(input.value);
    run(input.value);
  });
  moreButton.addEventListener("click", function () {
    var first = shown;
    shown = Math.min(results.length, shown + PAGE);
    render();
    var link = list.children[first] && list.children[first].querySelector("a");
    if (link) link.focus();
  });
  olderButton.addEventListener("click", function () {
    older().then(function () { if (olderButton.hidden) status.focus(); });
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  } else if (!manifest.count) {
    setStatus("There are no articles to search yet.");
  }
})();
