// The page of `matcalc serve`: every change of the form asks /api/derive (debounced) and shows
// the answer. The URL holds the form, so a link reproduces what is on screen.
"use strict";

const $ = (id) => document.getElementById(id);
const FIELDS = ["expr", "wrt", "where", "kind", "upstream", "claim"];
const TARGETS = {numpy: "NumPy", jax: "JAX", torch: "PyTorch", tensorflow: "TensorFlow",
                 custom_jax: "Custom gradient: JAX", custom_torch: "Custom gradient: PyTorch",
                 custom_tensorflow: "Custom gradient: TensorFlow", solver: "Solver"};
const SERVED_TARGETS = ["numpy", "jax", "torch", "tensorflow"];
// Slower to make: asked for once the result is on screen.
const LATER_TARGETS = ["custom_jax", "custom_torch", "custom_tensorflow", "solver"];
const DEBOUNCE_MS = 350;
let timer = null, sequence = 0, code = {}, shownTarget = "numpy", inFlight = null;

function form() {
  const request = {expr: $("expr").value, where: $("where").value, kind: $("kind").value,
                   targets: SERVED_TARGETS};
  if ($("wrt").value.trim()) request.wrt = $("wrt").value;
  if (request.kind === "backprop") request.upstream = $("upstream").value || "G";
  return request;
}

function remember() {
  const params = new URLSearchParams();
  for (const name of FIELDS) if ($(name).value) params.set(name, $(name).value);
  history.replaceState(null, "", "?" + params.toString());
}

function restore() {
  const params = new URLSearchParams(location.search);
  for (const name of FIELDS) if (params.has(name)) $(name).value = params.get(name);
}

async function post(request, signal) {
  const response = await fetch("/api/derive", {method: "POST", headers: {"Content-Type": "application/json"},
                                               body: JSON.stringify(request), signal});
  return [response.ok, await response.json()];
}

function schedule() {
  $("upstream-field").hidden = $("kind").value !== "backprop";
  remember();
  clearTimeout(timer);
  timer = setTimeout(derive, DEBOUNCE_MS);
}

async function derive() {
  const mine = ++sequence;
  if (!$("expr").value.trim()) { $("results").hidden = true; showError(null); return; }
  if (inFlight) inFlight.abort();  // the server drops a request whose page stopped waiting
  inFlight = new AbortController();
  let ok, body;
  try { [ok, body] = await post(form(), inFlight.signal); }
  catch (e) { if (mine !== sequence) return; ok = false; body = {error: "the server does not answer"}; }
  if (mine !== sequence) return;  // a newer request is on its way
  if (!ok) { showError(body); return; }
  showError(null);
  show(body);
  const later = form();
  later.targets = LATER_TARGETS;
  later.check = false;
  const [laterOk, laterBody] = await post(later, inFlight.signal).catch(() => [false, null]);
  if (mine !== sequence || !laterOk) return;
  Object.assign(code, laterBody.code);
  showTabs();
}

function showError(body) {
  const box = $("error");
  box.hidden = !body;
  box.replaceChildren();
  if (!body) return;
  const message = document.createElement("p");
  message.textContent = body.error;
  box.append(message);
  if (body.column !== null && body.column !== undefined) {
    const text = $("expr").value, where = document.createElement("div");
    where.className = "where";
    const marked = document.createElement("mark");
    marked.textContent = text.slice(body.column, body.column + 1) || " ";
    where.append(text.slice(0, body.column), marked, text.slice(body.column + 1));
    where.setAttribute("aria-label", `at column ${body.column + 1}`);
    box.append(where);
  }
}

function show(body) {
  $("results").hidden = false;
  $("parsed").innerHTML = body.expression.mathml;
  const rows = Object.entries(body.expression.variables).map(([name, shape]) => {
    const row = document.createElement("tr");
    for (const text of [name, shape.join(" × ")]) { const cell = document.createElement("td"); cell.textContent = text; row.append(cell); }
    return row;
  });
  $("shapes").tBodies[0].replaceChildren(...rows);
  $("variables").replaceChildren(...Object.keys(body.expression.variables).map((name) => new Option(name)));
  if (!$("wrt").value && body.wrt.length) $("wrt").placeholder = body.wrt.join(", ");
  const [main, ...definitions] = body.mathml;
  $("typeset").innerHTML = main + (definitions.length ? `<p>where ${definitions.join(", ")}</p>` : "");
  $("text").textContent = body.text;
  showCheck(body.check);
  $("latex").textContent = body.latex;
  showSteps(body.steps);
  code = body.code;
  showTabs();
}

function showCheck(check) {
  const line = $("check");
  line.replaceChildren();
  if (!check) return;
  const verdict = document.createElement("span");
  verdict.className = check.passed ? "passed" : "failed";
  verdict.textContent = check.passed ? "numerical check passed" : "numerical check FAILED";
  line.append(verdict, ": " + check.summary.replace(/^numerical check (passed|FAILED):? ?/, ""));
}

function showSteps(steps) {
  $("steps").replaceChildren(...steps.map((step) => {
    const item = document.createElement("li");
    item.append(step.equation);
    for (const id of step.rules) {
      const link = document.createElement("a");
      link.href = "#rule-" + id;
      link.textContent = id;
      link.addEventListener("click", (event) => { event.preventDefault(); showRule(id); });
      item.append(" ", link);
    }
    return item;
  }));
  $("rule").hidden = true;
}

async function showRule(id) {
  const response = await fetch("/api/rule/" + encodeURIComponent(id));
  const rule = await response.json(), box = $("rule");
  box.replaceChildren();
  const lines = response.ok
    ? [`${rule.id}: ${rule.lhs}${rule.rhs ? " = " + rule.rhs : ""}`, rule.why, `source: ${rule.source || "—"} · ${rule.file}`]
    : [rule.error];
  for (const text of lines) { const p = document.createElement("p"); p.textContent = text; box.append(p); }
  box.hidden = false;
}

function showTabs() {
  const targets = Object.keys(TARGETS).filter((target) => target in code);
  if (!targets.includes(shownTarget)) shownTarget = targets[0];
  $("tabs").replaceChildren(...targets.map((target) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.setAttribute("role", "tab");
    tab.id = "tab-" + target;
    tab.setAttribute("aria-selected", String(target === shownTarget));
    tab.tabIndex = target === shownTarget ? 0 : -1;
    tab.textContent = TARGETS[target];
    tab.addEventListener("click", () => { shownTarget = target; showTabs(); tab.focus(); });
    tab.addEventListener("keydown", (event) => moveTab(event, targets));
    return tab;
  }));
  $("code").textContent = code[shownTarget] || "";
}

function moveTab(event, targets) {
  const step = {ArrowRight: 1, ArrowLeft: -1}[event.key];
  if (!step) return;
  shownTarget = targets[(targets.indexOf(shownTarget) + step + targets.length) % targets.length];
  showTabs();
  $("tab-" + shownTarget).focus();
}

async function judge() {
  const request = form();
  request.claim = $("claim").value;
  request.targets = [];
  request.check = false;
  remember();
  const box = $("verdict");
  box.replaceChildren();
  if (!request.claim.trim() || !request.expr.trim()) return;
  const [ok, body] = await post(request);
  const verdict = document.createElement("p");
  if (!ok) { verdict.className = "wrong"; verdict.textContent = body.error; box.append(verdict); return; }
  verdict.className = body.verdict.verdict;
  verdict.textContent = body.verdict.verdict;
  const message = document.createElement("p");
  message.textContent = body.verdict.report;
  box.append(verdict, message);
}

async function copy(id, button) {
  const text = $(id).textContent;
  try { await navigator.clipboard.writeText(text); button.textContent = "Copied"; }
  catch (e) { const range = document.createRange(); range.selectNodeContents($(id));
              getSelection().replaceChildren(range); button.textContent = "Selected"; }
  setTimeout(() => { button.textContent = "Copy"; }, 1500);
}

async function loadExamples() {
  const examples = await (await fetch("/api/examples")).json();
  $("examples").replaceChildren(...examples.map((example) => {
    const item = document.createElement("li"), button = document.createElement("button");
    button.type = "button";
    button.textContent = example.title;
    button.addEventListener("click", () => {
      for (const name of ["expr", "wrt", "where", "kind"]) $(name).value = example[name] || "";
      schedule();
    });
    item.append(button);
    return item;
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  restore();
  for (const name of ["expr", "wrt", "where", "kind", "upstream"]) $(name).addEventListener("input", schedule);
  $("claim").addEventListener("input", remember);
  $("judge").addEventListener("click", judge);
  for (const button of document.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", () => copy(button.dataset.copy, button));
  }
  loadExamples();
  schedule();
  if ($("claim").value) judge();
});
