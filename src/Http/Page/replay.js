"use strict";
// The replay page. Every state shown comes from the server's reducer (GET /users/{id}?version=,
// ?asOf=); this script only fetches, caches and draws. The log is drawn as a window around the
// selected version and fetched in pages on demand, so a 10,000-event log costs what a short one does.
(() => {
  const PAGE = 50;      // events per history request
  const WINDOW = 15;    // log rows drawn on each side of the selection
  const MODELS_EVERY_MS = 2000;
  const STATE_CACHE = 2000;

  const $ = (id) => document.getElementById(id);
  const slider = $("version-slider");

  let user = null;
  let head = 0;                 // the log's last version, as far as this page knows
  let selected = 0;
  let following = true;         // at "now": live events move the selection along
  let pages = new Map();        // first version of a page -> Promise of its events
  let entries = new Map();      // version -> history entry (from pages or live)
  let states = new Map();       // version -> Promise of the state at that version
  let live = new Set();         // versions that arrived over the live stream
  let source = null;
  let modelsTimer = null;
  let playToken = 0;            // a newer play, pause or open ends an older play loop
  let drawToken = 0;            // only the newest selection may draw the state panel

  const userPath = () => `/users/${encodeURIComponent(user)}`;

  async function api(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      let detail = response.statusText;
      try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch { /* not JSON */ }
      throw new Error(detail);
    }
    return response.json();
  }

  // What the last action did; the live stream's health has a line of its own, so neither hides the other.
  function say(text) { $("status").textContent = text; }
  function sayLive(text) { $("live-status").textContent = text; }

  function setHead(version) {
    if (version <= head) return;
    head = version;
    slider.max = String(head);
    drawVersionLabel();
  }

  function drawVersionLabel() { $("version-label").textContent = `${selected} / ${head}`; }

  // ---- the log: pages on demand, a window drawn ----

  const pageStart = (version) => Math.floor((version - 1) / PAGE) * PAGE + 1;

  function loadPage(start) {
    if (!pages.has(start)) {
      const forUser = user;
      const loading = api(`${userPath()}/history?from=${start}&limit=${PAGE}`).then((page) => {
        if (forUser !== user) return;
        for (const entry of page.events) entries.set(entry.version, entry);
        setHead(page.version);
        // A short page is the log's end: fetch it again when more of it is needed.
        if (page.events.length < PAGE) pages.delete(start);
      });
      loading.catch(() => pages.delete(start));
      pages.set(start, loading);
    }
    return pages.get(start);
  }

  function drawLog() {
    const from = Math.max(1, selected - WINDOW);
    const to = Math.min(head, Math.max(selected, 1) + WINDOW);
    const rows = [];
    const missing = new Set();
    for (let version = from; version <= to; version++) {
      const entry = entries.get(version);
      if (!entry) missing.add(pageStart(version));
      rows.push(logRow(version, entry));
    }
    $("log-rows").replaceChildren(...rows);
    $("log-range").textContent = head === 0 ? "No events." : `Versions ${from}–${to} of ${head} (a window around the selected version).`;
    for (const start of missing) loadPage(start).then(drawLog, () => say("Could not load the log; retrying on the next step."));
  }

  function logRow(version, entry) {
    const row = document.createElement("tr");
    row.dataset.version = String(version);
    if (version === selected) { row.classList.add("selected"); row.setAttribute("aria-current", "true"); }
    if (version > selected) row.classList.add("after");
    if (live.has(version)) row.classList.add("live");
    const pick = document.createElement("button");
    pick.type = "button";
    pick.className = "pick-version";
    pick.textContent = String(version);
    pick.setAttribute("aria-label", `Select version ${version}`);
    pick.addEventListener("click", () => { pause(); say(""); select(version); });
    const cells = entry
      ? [entry.type ?? "(no type)", formatTime(entry.timestamp), formatFields(entry.payload), actorAndCorrelation(entry.metadata)]
      : ["loading…", "", "", ""];
    row.append(cell(pick));
    cells.forEach((text, i) => row.append(cell(text, i === 2 ? "payload" : "")));
    row.addEventListener("click", (e) => { if (e.target === row || e.target.tagName === "TD") { pause(); select(version); } });
    return row;
  }

  function cell(content, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    td.append(content);
    return td;
  }

  const formatTime = (iso) => new Date(iso).toISOString().replace("T", " ").replace("Z", "");
  const formatFields = (fields) => Object.entries(fields ?? {}).map(([k, v]) => `${k}=${v}`).join(", ");
  const actorAndCorrelation = (meta) => `${meta?.actor ?? "—"} / ${meta?.correlation_id ?? "—"}`;

  // ---- the state: from the server, at v and v-1 to show what the event changed ----

  function stateAt(version) {
    if (!states.has(version)) {
      const loading = api(`${userPath()}?version=${version}`);
      loading.catch(() => states.delete(version));
      states.set(version, loading);
      if (states.size > STATE_CACHE) states.delete(states.keys().next().value);
    }
    return states.get(version);
  }

  async function select(version) {
    selected = Math.min(Math.max(0, version), head);
    following = selected === head;
    slider.value = String(selected);
    drawVersionLabel();
    drawLog();
    await drawState();
  }

  async function drawState() {
    const token = ++drawToken;
    const version = selected;
    let now, before;
    try {
      [now, before] = await Promise.all([stateAt(version), version > 0 ? stateAt(version - 1) : null]);
    } catch (error) {
      if (token === drawToken) say(`Could not load the state at version ${version}: ${error.message}`);
      return;
    }
    if (token !== drawToken) return;
    const pre = $("state");
    pre.replaceChildren(...jsonLines(now, before));
    pre.dataset.version = String(version);
    const type = entries.get(version)?.type;
    $("state-caption").textContent = version === 0
      ? "Version 0: before the first event, nothing exists."
      : `After event ${version}${type ? ` (${type})` : ""}; highlighted: the fields it changed.`;
  }

  // The version always moves, so it is not counted as a field the event changed.
  function jsonLines(now, before) {
    const keys = Object.keys(now);
    const lines = [document.createTextNode("{\n")];
    keys.forEach((key, i) => {
      const line = document.createElement("span");
      line.dataset.field = key;
      line.textContent = `  ${JSON.stringify(key)}: ${JSON.stringify(now[key])}${i < keys.length - 1 ? "," : ""}`;
      if (before && key !== "version" && JSON.stringify(before[key]) !== JSON.stringify(now[key])) {
        line.className = "changed";
        line.title = `was ${JSON.stringify(before[key])}`;
      }
      lines.push(line, document.createTextNode("\n"));
    });
    lines.push(document.createTextNode("}"));
    return lines;
  }

  // ---- read models: polled, to watch them catch up ----

  async function refreshModels() {
    if (!user) return;
    const forUser = user;
    try {
      const view = await api(`${userPath()}/read-models`);
      if (forUser !== user) return;
      $("model-rows").replaceChildren(...view.models.map((m) => {
        const row = document.createElement("tr");
        if (m.version < view.version) row.className = "behind";
        const held = m.user ? `${m.user.name ?? ""} ${m.user.email ?? ""}`.trim() || "(row)" : "(no row yet)";
        [m.projection, m.copy, m.role, `${m.version} of ${view.version}`, held].forEach((text) => row.append(cell(text)));
        return row;
      }));
    } catch { /* the next refresh tries again */ }
  }

  // ---- live events: server-sent events over the watch grain ----

  function connectLive() {
    source?.close();
    const forUser = user;
    source = new EventSource(`${userPath()}/events/live?afterVersion=${head}`);
    source.addEventListener("ready", () => { if (forUser === user) sayLive("● live"); });
    source.onmessage = (message) => {
      if (forUser !== user) return;
      const item = JSON.parse(message.data);
      if (item.kind === "Cleared") { open(user); return; }
      if (item.kind !== "Event") return;
      entries.set(item.version, item);
      live.add(item.version);
      const follow = following && !isPlaying();
      setHead(item.version);
      if (follow) select(head); else drawLog();
    };
    source.onerror = () => { if (forUser === user) sayLive("live stream interrupted; reconnecting…"); };
  }

  // ---- controls ----

  const isPlaying = () => $("play").getAttribute("aria-pressed") === "true";

  function setPlaying(on) {
    $("play").setAttribute("aria-pressed", String(on));
    $("play").textContent = on ? "Pause" : "Play";
  }

  function pause() { playToken++; setPlaying(false); }

  // Replays from empty when at the end, else resumes; each step waits for its state, so a fast speed never outruns the server.
  async function play() {
    const token = ++playToken;
    setPlaying(true);
    if (selected >= head) await select(0);
    while (token === playToken && selected < head) {
      await new Promise((resolve) => setTimeout(resolve, 1000 / Number($("speed").value)));
      if (token !== playToken) return;
      await select(selected + 1);
    }
    if (token === playToken) setPlaying(false);
  }

  async function jump() {
    const value = $("instant").value;
    if (!value) { say("Choose an instant first."); $("instant").focus(); return; }
    pause();
    const at = new Date(value); // datetime-local is the browser's local time
    try {
      const view = await api(`${userPath()}?asOf=${encodeURIComponent(at.toISOString())}`);
      states.set(view.version, Promise.resolve(view));
      await select(view.version);
      say(`As of ${at.toISOString()}: version ${view.version}.`);
    } catch (error) { say(`Could not travel to that instant: ${error.message}`); }
  }

  async function now() {
    pause();
    say("");
    try {
      const view = await api(userPath());
      setHead(view.version);
      states.set(view.version, Promise.resolve(view));
    } catch (error) { say(error.message); }
    await select(head);
  }

  async function open(id) {
    pause();
    source?.close();
    clearInterval(modelsTimer);
    user = id;
    head = 0; selected = 0; following = true;
    pages = new Map(); entries = new Map(); states = new Map(); live = new Set();
    $("state").replaceChildren();
    $("model-rows").replaceChildren();
    say(`Opening ${id}…`);
    sayLive("");
    let current;
    try { current = await api(userPath()); } catch (error) { say(`Cannot open ${id}: ${error.message}`); return; }
    if (id !== user) return;
    history.replaceState(null, "", `#user=${encodeURIComponent(id)}`);
    slider.max = "0";
    setHead(current.version);
    states.set(current.version, Promise.resolve(current));
    $("controls").hidden = false;
    $("panels").hidden = false;
    say("");
    await select(head);
    connectLive();
    refreshModels();
    modelsTimer = setInterval(refreshModels, MODELS_EVERY_MS);
  }

  $("pick").addEventListener("submit", (e) => { e.preventDefault(); const id = $("user-id").value.trim(); if (id) open(id); });
  slider.addEventListener("input", () => { pause(); say(""); select(Number(slider.value)); });
  $("step-back").addEventListener("click", () => { pause(); say(""); select(selected - 1); });
  $("step-forward").addEventListener("click", () => { pause(); say(""); select(selected + 1); });
  $("play").addEventListener("click", () => { if (isPlaying()) pause(); else play(); });
  $("jump").addEventListener("click", jump);
  $("now").addEventListener("click", now);

  const fromHash = new URLSearchParams(location.hash.slice(1)).get("user");
  if (fromHash) { $("user-id").value = fromHash; open(fromHash); }
})();
