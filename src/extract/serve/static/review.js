// The review page's script (extract serve, extract review --html): a figure's fields on click, rows
// marked wrong or corrected field by field, figures added from a selection of the text, and the
// review downloaded as a gold file in the corpus/*.gold.yaml format that `extract verify` reads.
// Document data is only ever put on the page as text (textContent, input values), never as markup.
// The review is kept in the browser's localStorage per document, so a reload does not lose it.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const figures = data.figures;
  const choices = data.choices;
  const storeKey = "extract-review:" + data.doc_id;
  const GOLD_FIELDS = ["kind", "year", "period", "section", "indicator", "measure", "relative_to", "breakdown",
    "comparator", "direction", "value", "value_low", "value_high", "scale", "unit"];
  const WRITTEN_WHEN_SET = new Set(["period", "relative_to"]); // left out of a gold record when null
  const NUMBER_FIELDS = new Set(["year", "value", "value_low", "value_high", "scale"]);
  const CHOICE_FIELDS = {kind: choices.kind, measure: choices.measure, comparator: choices.comparator,
    direction: choices.direction, relative_to: choices.relative_to};
  const NULLABLE = new Set(["direction", "relative_to"]);
  const LISTS = {indicator: choices.indicator.map((p) => p[0]), unit: choices.unit, breakdown: choices.breakdown};
  const textBox = document.getElementById("doc-text");
  let state = load();
  let current = null; // {type: "figure", i} or {type: "added", id}

  function load() {
    const empty = {wrong: [], corrections: {}, added: [], next: 1};
    try {
      const saved = JSON.parse(window.localStorage.getItem(storeKey) || "null");
      return saved && Array.isArray(saved.added) ? Object.assign(empty, saved) : empty;
    } catch (e) {
      return empty;
    }
  }

  function save() {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(state));
    } catch (e) { /* storage full or disabled: the review stays in the page */ }
    showCounts();
    paintMarks();
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function message(text, bad) {
    const box = document.getElementById("review-message");
    box.textContent = text;
    box.classList.toggle("bad", !!bad);
  }

  // The gold record of an extracted figure as extracted, and with the reviewer's corrections.
  function extractedOf(i) {
    const f = figures[i];
    return {quote: f.text, kind: f.kind, year: f.year, period: f.period, section: f.section_path,
      indicator: f.indicator, measure: f.measure, relative_to: f.relative_to, breakdown: f.breakdown, comparator: f.comparator,
      direction: f.direction, value: f.value, value_low: f.value_low, value_high: f.value_high, scale: f.scale,
      unit: f.unit};
  }

  function goldOf(i) {
    return Object.assign(extractedOf(i), state.corrections[i] || {});
  }

  function addedById(id) {
    return state.added.find((a) => a.id === id);
  }

  function currentRecord() {
    if (!current) return null;
    return current.type === "figure" ? goldOf(current.i) : addedById(current.id);
  }

  // ----- showing a figure -----
  function summaryRows(f) {
    const rows = [["indicator", f.indicator ? f.indicator + (f.indicator_label ? " · " + f.indicator_label : "") : "(no code)"],
      ["indicator phrase", f.indicator_text], ["measure", f.measure], ["breakdown", f.breakdown],
      ["comparator", f.comparator], ["direction", f.direction], [f.period ? "period" : "year", f.period || f.year],
      ["value", f.comparator === "range" ? f.value_low + " – " + f.value_high : f.value],
      ["scale", f.scale >= 1000 ? f.scale.toExponential().replace("e+", "e") : f.scale],
      ["unit", (f.unit || "") + (f.per ? " / " + f.per : "")], ["section", f.section_path], ["page", f.page],
      ["as written", f.text], ["sentence", f.sentence], ["part of", f.parent_text], ["relative to", f.relative_to]];
    if (f.ocr_confidence !== null && f.ocr_confidence !== undefined) rows.push(["OCR confidence", f.ocr_confidence]);
    return rows.filter((r) => r[1] !== null && r[1] !== undefined && r[1] !== "");
  }

  function showFields(rows) {
    const dl = document.getElementById("figure-fields");
    dl.replaceChildren();
    for (const [name, value] of rows) {
      dl.append(el("dt", name), el("dd", value));
    }
  }

  function showChecks(i) {
    const list = document.getElementById("figure-checks");
    list.replaceChildren();
    data.checks.forEach((c, n) => {
      if (i !== null && c.figures.includes(i)) {
        const li = el("li", null, "sev-" + c.severity);
        li.append(el("span", c.severity, "badge sev-" + c.severity), " ", el("code", c.check), " ", el("span", c.message));
        list.append(li);
      }
    });
  }

  function select(sel) {
    current = sel;
    const box = document.getElementById("figure-box");
    box.hidden = false;
    document.querySelectorAll("mark.selected, tr.selected").forEach((m) => m.classList.remove("selected"));
    if (sel.type === "figure") {
      const f = figures[sel.i];
      document.getElementById("figure-title").textContent = "Figure " + sel.i + " · " + f.kind;
      showFields(summaryRows(f));
      showChecks(sel.i);
      const mark = document.getElementById("f" + sel.i);
      if (mark) mark.classList.add("selected");
      const row = document.querySelector('#figure-table tr[data-i="' + sel.i + '"]');
      if (row) row.classList.add("selected");
    } else {
      const a = addedById(sel.id);
      document.getElementById("figure-title").textContent = "Added figure · " + a.quote;
      showFields([["as written", a.quote], ["span", a.char_start + "–" + a.char_end]]);
      showChecks(null);
      const mark = textBox.querySelector('mark[data-added="' + sel.id + '"]');
      if (mark) mark.classList.add("selected");
    }
    buildEditor(currentRecord(), sel);
  }

  // ----- the editor: one input per gold field -----
  function inputFor(name, value) {
    let input;
    if (CHOICE_FIELDS[name]) {
      input = document.createElement("select");
      const options = (NULLABLE.has(name) ? [""] : []).concat(CHOICE_FIELDS[name]);
      for (const v of options) {
        const o = el("option", v === "" ? "(none)" : v);
        o.value = v;
        input.append(o);
      }
      input.value = value === null || value === undefined ? "" : String(value);
    } else {
      input = document.createElement("input");
      input.type = "text";
      input.value = value === null || value === undefined ? "" : String(value);
      if (LISTS[name]) input.setAttribute("list", "choices-" + name);
      if (NUMBER_FIELDS.has(name)) input.inputMode = "decimal";
    }
    input.name = name;
    input.id = "edit-" + name;
    return input;
  }

  function buildEditor(rec, sel) {
    const box = document.getElementById("editor-fields");
    box.replaceChildren();
    for (const name of GOLD_FIELDS) {
      const label = el("label", null, "field");
      label.append(el("span", name), inputFor(name, rec[name]));
      box.append(label);
    }
    const wrong = sel.type === "figure" && state.wrong.includes(sel.i);
    const markButton = document.getElementById("mark-wrong");
    markButton.textContent = sel.type === "added" ? "Remove" : wrong ? "Unmark wrong" : "Mark wrong";
    document.getElementById("revert").hidden = sel.type === "added";
  }

  function parseNumber(text) {
    const s = String(text).trim().replace(/\s/g, "");
    if (s === "") return null;
    const plain = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s) ? s : s.replace(/\./g, "").replace(",", ".");
    const n = Number(plain);
    if (!Number.isFinite(n)) throw new Error("not a number: " + text);
    return n;
  }

  function editorValues() {
    const out = {};
    for (const name of GOLD_FIELDS) {
      const raw = document.getElementById("edit-" + name).value.trim();
      if (NUMBER_FIELDS.has(name)) {
        out[name] = parseNumber(raw);
      } else {
        out[name] = raw === "" ? null : raw;
      }
    }
    if (out.year !== null && !Number.isInteger(out.year)) throw new Error("the year is a whole number");
    if (out.scale === null) out.scale = 1;
    return out;
  }

  function saveEditor(event) {
    event.preventDefault();
    if (!current) return;
    let values;
    try {
      values = editorValues();
    } catch (e) {
      message(e.message, true);
      return;
    }
    if (current.type === "figure") {
      const extracted = extractedOf(current.i);
      const changed = {};
      for (const name of GOLD_FIELDS) {
        const was = extracted[name] === undefined || extracted[name] === "" ? null : extracted[name];
        if (values[name] !== was) changed[name] = values[name];
      }
      if (Object.keys(changed).length) state.corrections[current.i] = changed;
      else delete state.corrections[current.i];
      message(Object.keys(changed).length ? "Corrected: " + Object.keys(changed).join(", ") + "." : "No field differs from the extraction.");
    } else {
      Object.assign(addedById(current.id), values);
      message("Added figure saved.");
    }
    save();
    select(current);
  }

  function toggleWrong() {
    if (!current) return;
    if (current.type === "added") {
      state.added = state.added.filter((a) => a.id !== current.id);
      const mark = textBox.querySelector('mark[data-added="' + current.id + '"]');
      if (mark) mark.replaceWith(document.createTextNode(mark.textContent));
      document.getElementById("figure-box").hidden = true;
      current = null;
      message("Added figure removed.");
      save();
      return;
    }
    const i = current.i;
    state.wrong = state.wrong.includes(i) ? state.wrong.filter((w) => w !== i) : state.wrong.concat([i]);
    message(state.wrong.includes(i) ? "Figure " + i + " marked wrong: it is left out of the gold." : "Figure " + i + " is no longer marked wrong.");
    save();
    select(current);
  }

  function revert() {
    if (!current || current.type !== "figure") return;
    delete state.corrections[current.i];
    state.wrong = state.wrong.filter((w) => w !== current.i);
    message("Figure " + current.i + " is as extracted again.");
    save();
    select(current);
  }

  // ----- adding a figure from the selected text -----
  function selectionSpan() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) throw new Error("Select the figure's text in the document first.");
    const range = sel.getRangeAt(0);
    const a = range.startContainer, b = range.endContainer;
    const segment = a.parentElement;
    if (a !== b || a.nodeType !== Node.TEXT_NODE || !segment.matches("#doc-text span.t")) {
      throw new Error("Select text inside one stretch of plain text (not across a highlighted figure or heading).");
    }
    let start = range.startOffset, end = range.endOffset;
    const value = a.nodeValue;
    while (start < end && /\s/.test(value[start])) start++;
    while (end > start && /\s/.test(value[end - 1])) end--;
    if (start === end) throw new Error("The selection holds only spaces.");
    return {node: a, segment: segment, start: start, end: end, offset: Number(segment.dataset.s)};
  }

  function guessRecord(quote, start) {
    const numbers = quote.match(/\d[\d.]*(,\d+)?/g) || [];
    const values = numbers.map((n) => parseNumber(n));
    const lower = quote.toLowerCase();
    let scale = 1;
    for (const word of Object.keys(choices.scales).sort((x, y) => y.length - x.length)) {
      if (lower.includes(word)) { scale = choices.scales[word]; break; }
    }
    const unit = /%/.test(quote) ? "percent" : /đồng/.test(lower) ? "VND" : /usd/.test(lower) ? "USD" : null;
    const range = values.length >= 2 && /[-–]|đến/.test(quote);
    const section = data.sections.filter((s) => s.start <= start && start < s.end)
      .sort((x, y) => y.path.split("/").length - x.path.split("/").length)[0];
    return {quote: quote, kind: "target", year: data.plan_year, period: null, section: section ? section.path : null,
      indicator: null, measure: "level", relative_to: null, breakdown: null, comparator: range ? "range" : "eq", direction: null,
      value: range ? null : (values[0] === undefined ? null : values[0]), value_low: range ? values[0] : null,
      value_high: range ? values[1] : null, scale: scale, unit: unit};
  }

  function wrapAdded(span, id) {
    const text = span.node.nodeValue;
    const before = el("span", text.slice(0, span.start), "t");
    before.dataset.s = String(span.offset);
    const mark = el("mark", text.slice(span.start, span.end), "fig kind-added");
    mark.dataset.added = String(id);
    mark.dataset.s = String(span.offset + span.start);
    mark.tabIndex = 0;
    const after = el("span", text.slice(span.end), "t");
    after.dataset.s = String(span.offset + span.end);
    span.segment.replaceWith(...[before, mark, after].filter((n) => n.textContent !== ""));
  }

  function addFigure() {
    let span;
    try {
      span = selectionSpan();
    } catch (e) {
      message(e.message, true);
      return;
    }
    const quote = span.node.nodeValue.slice(span.start, span.end);
    const id = state.next++;
    const rec = guessRecord(quote, span.offset + span.start);
    rec.id = id;
    rec.char_start = span.offset + span.start;
    rec.char_end = span.offset + span.end;
    state.added.push(rec);
    wrapAdded(span, id);
    window.getSelection().removeAllRanges();
    save();
    message("Added “" + quote + "”: check its fields and press Save.");
    select({type: "added", id: id});
  }

  function restoreAdded() {
    for (const a of state.added) {
      const segments = Array.from(textBox.querySelectorAll("span.t"));
      const segment = segments.find((s) => {
        const from = Number(s.dataset.s);
        return from <= a.char_start && a.char_end <= from + s.textContent.length;
      });
      if (!segment || !segment.firstChild) continue;
      const offset = Number(segment.dataset.s);
      wrapAdded({node: segment.firstChild, segment: segment, start: a.char_start - offset,
        end: a.char_end - offset, offset: offset}, a.id);
    }
  }

  // ----- the gold file -----
  const YAML_WORDS = /^(null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$/;

  function yamlScalar(v) {
    if (v === null || v === undefined || v === "") return "null";
    if (typeof v === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) && !YAML_WORDS.test(v)) return v; // a code, bare
    if (typeof v === "number") {
      if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
      const s = String(v);
      return /e/i.test(s) ? v.toPrecision(15).replace(/0+$/, "").replace(/\.$/, ".0") : s;
    }
    // A JSON string is a YAML double-quoted scalar once the characters YAML may not hold raw (DEL, C1
    // controls, line and paragraph separators, U+FFFE/U+FFFF) are escaped too.
    return JSON.stringify(String(v)).replace(/[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g,
      (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  }

  function recordLine(rec) {
    const parts = ["quote: " + yamlScalar(rec.quote)];
    for (const name of GOLD_FIELDS) {
      if (WRITTEN_WHEN_SET.has(name) && (rec[name] === null || rec[name] === undefined || rec[name] === "")) continue;
      if ((name === "value_low" || name === "value_high") && rec.comparator !== "range") continue;
      const value = name === "value" && rec.comparator === "range" ? null : rec[name];
      parts.push(name + ": " + yamlScalar(value));
    }
    if (data.part !== null && data.part !== undefined) parts.push("part: " + data.part);
    return "- {" + parts.join(", ") + "}";
  }

  function problems(records) {
    const found = [];
    for (const r of records) {
      const where = "“" + r.quote + "”";
      if (!r.kind || !r.measure || !r.comparator || !r.unit) found.push(where + ": kind, measure, comparator and unit are needed");
      if (r.year === null && !r.period) found.push(where + ": a year or a period is needed");
      if (r.comparator === "range" ? !(r.value_low < r.value_high) : r.value === null) found.push(where + ": its value");
    }
    return found;
  }

  function goldRecords() {
    const kept = figures.map((f, i) => ({start: f.char_start, rec: goldOf(i), i: i}))
      .filter((x) => !state.wrong.includes(x.i));
    const added = state.added.map((a) => {
      const rec = {};
      for (const name of ["quote"].concat(GOLD_FIELDS)) rec[name] = a[name];
      return {start: a.char_start, rec: rec};
    });
    return kept.concat(added).sort((x, y) => x.start - y.start).map((x) => x.rec);
  }

  function goldYaml() {
    const records = goldRecords();
    const oneLine = (s) => String(s).replace(/[\r\n]+/g, " ");
    const head = [
      "# Gold for " + oneLine(data.documents.join(", ")) + " (doc_id " + data.doc_id + "), written on the review page",
      "# of `extract serve` / `extract review`: " + figures.length + " figures extracted, " + state.wrong.length +
        " marked wrong and left out, " + Object.keys(state.corrections).length + " corrected, " + state.added.length + " added.",
      "# Read it against the document (corpus/GOLD_GUIDE.md) before committing it.",
      "documents: [" + data.documents.map(yamlScalar).join(", ") + "]",
      "records:"];
    return {text: head.concat(records.map(recordLine)).join("\n") + "\n", records: records};
  }

  function download() {
    const gold = goldYaml();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([gold.text], {type: "application/x-yaml"}));
    const stem = (data.documents[0] || data.doc_id).replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_");
    link.download = stem + ".gold.yaml";
    document.body.append(link);
    link.click();
    link.remove();
    const issues = problems(gold.records);
    message("Downloaded " + link.download + " (" + gold.records.length + " records)" +
      (issues.length ? ". To fill in: " + issues.join("; ") : "."), issues.length > 0);
  }

  function reset() {
    state = {wrong: [], corrections: {}, added: [], next: 1};
    textBox.querySelectorAll("mark[data-added]").forEach((m) => m.replaceWith(document.createTextNode(m.textContent)));
    document.getElementById("figure-box").hidden = true;
    current = null;
    save();
    message("The review is as extracted again.");
  }

  // ----- marks and counts -----
  function paintMarks() {
    figures.forEach((f, i) => {
      const mark = document.getElementById("f" + i);
      const row = document.querySelector('#figure-table tr[data-i="' + i + '"]');
      for (const node of [mark, row]) {
        if (!node) continue;
        node.classList.toggle("wrong", state.wrong.includes(i));
        node.classList.toggle("corrected", !!state.corrections[i]);
      }
    });
  }

  function showCounts() {
    const n = state.wrong.length, c = Object.keys(state.corrections).length, a = state.added.length;
    document.getElementById("review-counts").textContent = n + c + a === 0 ? "Nothing changed yet." :
      n + " marked wrong, " + c + " corrected, " + a + " added.";
  }

  function datalists() {
    for (const [name, values] of Object.entries(LISTS)) {
      const list = document.createElement("datalist");
      list.id = "choices-" + name;
      for (const v of values) {
        const o = document.createElement("option");
        o.value = v;
        list.append(o);
      }
      document.body.append(list);
    }
  }

  function fromHash() {
    const m = /^#f(\d+)$/.exec(window.location.hash);
    if (m && figures[Number(m[1])]) {
      const i = Number(m[1]);
      select({type: "figure", i: i});
      const target = document.getElementById("f" + i) || document.querySelector('#figure-table tr[data-i="' + i + '"]');
      if (target) target.scrollIntoView({block: "center"});
    }
  }

  function onTextClick(event) {
    const mark = event.target.closest("mark");
    if (mark && mark.dataset.i !== undefined) select({type: "figure", i: Number(mark.dataset.i)});
    else if (mark && mark.dataset.added !== undefined) select({type: "added", id: Number(mark.dataset.added)});
    const check = event.target.closest("sup.check");
    if (check) showCheck(Number(check.dataset.c));
  }

  function showCheck(n) {
    const c = data.checks[n];
    document.querySelectorAll("mark.in-check").forEach((m) => m.classList.remove("in-check"));
    for (const i of c.figures) {
      const mark = document.getElementById("f" + i);
      if (mark) mark.classList.add("in-check");
    }
    if (c.figures.length) select({type: "figure", i: c.figures[0]});
    message(c.check + ": " + c.message);
  }

  textBox.addEventListener("click", onTextClick);
  textBox.addEventListener("keydown", (e) => { if (e.key === "Enter") onTextClick(e); });
  document.getElementById("figure-table").addEventListener("click", (e) => {
    const link = e.target.closest("a.goto");
    if (link) select({type: "figure", i: Number(link.dataset.i)});
  });
  document.querySelectorAll("button.show-check").forEach((b) => b.addEventListener("click", () => showCheck(Number(b.dataset.c))));
  document.getElementById("editor").addEventListener("submit", saveEditor);
  document.getElementById("mark-wrong").addEventListener("click", toggleWrong);
  document.getElementById("revert").addEventListener("click", revert);
  document.getElementById("add-figure").addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
  document.getElementById("add-figure").addEventListener("click", addFigure);
  document.getElementById("download-gold").addEventListener("click", download);
  document.getElementById("reset-review").addEventListener("click", reset);
  window.addEventListener("hashchange", fromHash);
  datalists();
  restoreAdded();
  showCounts();
  paintMarks();
  fromHash();
  window.extractReview = {goldYaml: () => goldYaml().text, state: () => state, yamlScalar: yamlScalar}; // tests, console
})();
