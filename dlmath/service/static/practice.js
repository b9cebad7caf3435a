// The practice page: choose an exercise, type an answer, see how it was read
// (a debounced call to /api/preview), submit it (/api/grade), reveal hints one
// at a time, and the worked solution once the service allows it. With
// variants, the exercise, its preview, its verdict and its solution are the
// student's own (or this browser session's): every call says whose.
// Prose from the server is set as text, never as HTML; LaTeX goes to KaTeX
// with trust off.
"use strict";

(function () {
  const PREVIEW_DELAY_MS = 300;
  const $ = (id) => document.getElementById(id);
  const state = { exercises: [], exercise: null, part: null, hintsShown: 0, attempts: 0, previewFor: "", timer: 0 };

  function session() {
    try {
      let id = localStorage.getItem("dlmath-session");
      if (!id) {
        id = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
        localStorage.setItem("dlmath-session", id);
      }
      return id;
    } catch (err) {
      return "no-storage";
    }
  }

  function math(latex, display) {
    const holder = document.createElement(display ? "div" : "span");
    if (window.katex) {
      window.katex.render(latex, holder, { displayMode: !!display, throwOnError: false, strict: "ignore",
                                           trust: false });
    } else {
      holder.textContent = latex;  // KaTeX is not installed: the TeX source, still readable
    }
    return holder;
  }

  // Segments ({kind, content}) into an element: prose as text, math typeset.
  function fill(element, segments) {
    element.replaceChildren();
    for (const seg of segments || []) {
      if (seg.kind === "math" || seg.kind === "display") {
        element.appendChild(math(seg.content, seg.kind === "display"));
      } else if (seg.kind === "code") {
        const code = document.createElement("code");
        code.textContent = seg.content;
        element.appendChild(code);
      } else {
        element.appendChild(document.createTextNode(seg.content));
      }
    }
    return element;
  }

  async function call(path, body) {
    const options = body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    const response = await fetch(path, options);
    let data = null;
    try { data = await response.json(); } catch (err) { data = null; }
    if (!response.ok) {
      const retry = response.headers.get("Retry-After");
      let detail = data && typeof data.detail === "string" ? data.detail : "The service could not answer.";
      if (data && Array.isArray(data.detail)) detail = "The request was not understood.";
      if (retry) detail += " Try again in " + retry + " s.";
      const error = new Error(detail);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function option(value, text) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  function whose() {  // the query that says whose variant to show
    const student = $("student").value.trim();
    return "?session=" + encodeURIComponent(session()) + (student ? "&student=" + encodeURIComponent(student) : "");
  }

  function target() {
    const part = state.part;
    return state.exercise.id + (part && state.exercise.parts.length > 1 ? "/" + part.id : "");
  }

  // --- choosing ---------------------------------------------------------------------------

  async function start() {
    $("student").value = localStorage.getItem("dlmath-student") || "";
    state.exercises = (await call("/api/exercises")).filter((e) => e.gradable);
    const sections = [];
    for (const e of state.exercises) {
      if (!sections.some((s) => s.id === e.section)) sections.push({ id: e.section, title: e.section_title });
    }
    for (const s of sections) $("section").appendChild(option(s.id, s.id + " " + s.title));
    const wanted = decodeURIComponent(location.hash.slice(1));
    const first = state.exercises.find((e) => e.id === wanted) || state.exercises[0];
    $("section").value = first.section;
    listExercises(first.id);
    $("section").addEventListener("change", () => listExercises());
    $("exercise").addEventListener("change", () => load($("exercise").value));
    $("part").addEventListener("change", () => choosePart($("part").value));
    $("student").addEventListener("change", () => {
      localStorage.setItem("dlmath-student", $("student").value.trim());
      if (state.exercise) load(state.exercise.id);  // another student: maybe other numbers
    });
    $("answer").addEventListener("input", schedulePreview);
    $("attempt").addEventListener("submit", submit);
    $("hint").addEventListener("click", nextHint);
    $("solution").addEventListener("click", showSolution);
    window.addEventListener("hashchange", () => {
      const id = decodeURIComponent(location.hash.slice(1));
      const found = state.exercises.find((e) => e.id === id);
      if (found && (!state.exercise || found.id !== state.exercise.id)) {
        $("section").value = found.section;
        listExercises(found.id);
      }
    });
  }

  function listExercises(selected) {
    const section = $("section").value;
    const box = $("exercise");
    box.replaceChildren();
    for (const e of state.exercises.filter((x) => x.section === section)) {
      box.appendChild(option(e.id, e.id + "  " + e.title));
    }
    box.value = selected || box.options[0].value;
    load(box.value);
  }

  async function load(id) {
    $("problem").setAttribute("aria-busy", "true");
    const exercise = await call("/api/exercises/" + encodeURIComponent(id) + whose());
    state.exercise = exercise;
    state.hintsShown = 0;
    state.attempts = 0;
    history.replaceState(null, "", "#" + encodeURIComponent(id));
    $("title").textContent = exercise.id + "  " + exercise.title;
    const listed = [...$("exercise").options].find((o) => o.value === exercise.id);
    if (listed) listed.textContent = exercise.id + "  " + exercise.title;  // a variant's title has its own numbers
    $("citation").textContent = exercise.citation;
    $("variant").hidden = !exercise.variant;
    $("variant").textContent = exercise.variant ?
      "These are your own numbers (variant " + exercise.variant.seed + "): your answer is graded on them." : "";
    fill($("statement"), exercise.statement);
    const symbols = $("symbols");
    symbols.replaceChildren();
    for (const s of exercise.symbols) {
      const li = document.createElement("li");
      li.appendChild(math(s.latex));
      if (s.description) li.appendChild(document.createTextNode(" (" + s.description + ")"));
      symbols.appendChild(li);
    }
    const parts = $("part");
    parts.replaceChildren();
    for (const p of exercise.parts) parts.appendChild(option(p.id, p.label || p.id));
    $("part-field").hidden = exercise.parts.length < 2;
    $("hints").replaceChildren();
    $("hint").hidden = exercise.hints.length === 0;
    $("hint").disabled = false;
    $("steps").replaceChildren();
    $("steps").hidden = true;
    $("solution").hidden = exercise.solution_after === null;
    $("solution-note").textContent = exercise.solution_after === null ? "" :
      "The worked solution opens after " + exercise.solution_after + " attempts.";
    $("problem").setAttribute("aria-busy", "false");
    choosePart(exercise.parts[0].id);
  }

  function choosePart(id) {
    const part = state.exercise.parts.find((p) => p.id === id);
    state.part = part;
    fill($("prompt"), part.prompt);
    $("unit").textContent = part.unit ? "(in " + part.unit + ")" : "";
    const choices = $("choices");
    choices.replaceChildren();
    for (const c of part.choices) {
      const li = document.createElement("li");
      const key = document.createElement("code");
      key.textContent = c.key;
      li.appendChild(key);
      li.appendChild(document.createTextNode(": "));
      li.appendChild(fill(document.createElement("span"), c.label));
      choices.appendChild(li);
    }
    choices.hidden = part.choices.length === 0;
    $("answer").value = "";
    $("preview").replaceChildren();
    $("preview").classList.remove("bad");
    $("result").hidden = true;
  }

  // --- the preview ------------------------------------------------------------------------

  function schedulePreview() {
    clearTimeout(state.timer);
    state.timer = setTimeout(preview, PREVIEW_DELAY_MS);
  }

  async function preview() {
    const answer = $("answer").value;
    const box = $("preview");
    if (!answer.trim()) {
      box.replaceChildren();
      box.classList.remove("bad");
      return;
    }
    state.previewFor = answer;
    let shown;
    try {
      shown = await call("/api/preview", { exercise: target(), answer: answer,
                                           student: $("student").value.trim() || null, session: session() });
    } catch (err) {
      if (answer === state.previewFor) showProblem(box, err.message);
      return;
    }
    if (answer !== state.previewFor) return;  // the student typed on: an older answer's preview
    if (shown.valid) {
      box.classList.remove("bad");
      box.replaceChildren(shown.interpreted ? math(shown.interpreted, true) : document.createTextNode(answer));
    } else {
      showProblem(box, shown.message, answer, shown.column);
    }
  }

  function showProblem(box, message, answer, column) {
    box.classList.add("bad");
    box.replaceChildren(document.createTextNode(message));
    if (answer && column) {
      const caret = document.createElement("div");
      caret.className = "caret";
      caret.setAttribute("aria-hidden", "true");
      caret.textContent = answer + "\n" + " ".repeat(Math.max(0, column - 1)) + "^";
      box.appendChild(caret);
    }
  }

  // --- submitting -------------------------------------------------------------------------

  const HEADINGS = { correct: "Correct", incorrect: "Not right yet", invalid: "Could not read this answer",
                     manual: "Kept for your teacher" };

  async function submit(event) {
    event.preventDefault();
    const answer = $("answer").value;
    if (!answer.trim()) return;
    const button = $("submit");
    button.disabled = true;
    const result = $("result");
    try {
      const verdict = await call("/api/grade", { exercise: target(), answer: answer, channel: "practice",
                                                 student: $("student").value.trim() || null, session: session() });
      state.attempts += 1;
      result.className = "result " + verdict.status;
      $("verdict").textContent = HEADINGS[verdict.status] || verdict.status;
      $("feedback").replaceChildren(document.createTextNode(verdict.feedback));
      if (verdict.interpreted) {
        $("feedback").appendChild(document.createTextNode(" You wrote: "));
        $("feedback").appendChild(math(verdict.interpreted));
      }
      $("attempts").textContent = "Attempts at this exercise in this session: " + state.attempts + ".";
    } catch (err) {
      result.className = "result invalid";
      $("verdict").textContent = "Not graded";
      $("feedback").textContent = err.message;
    } finally {
      button.disabled = false;
      result.hidden = false;
    }
  }

  // --- hints and the solution -----------------------------------------------------------------

  function nextHint() {
    const hints = state.exercise.hints;
    if (state.hintsShown >= hints.length) return;
    const li = fill(document.createElement("li"), hints[state.hintsShown]);
    li.tabIndex = -1;
    $("hints").appendChild(li);
    li.focus();
    state.hintsShown += 1;
    $("hint").disabled = state.hintsShown >= hints.length;
    $("hint").textContent = state.hintsShown >= hints.length ? "No more hints" : "Show another hint";
  }

  async function showSolution() {
    try {
      const derivation = await call("/api/exercises/" + encodeURIComponent(state.exercise.id) + "/solution" + whose());
      const steps = $("steps");
      steps.replaceChildren();
      for (const step of derivation.steps) {
        const li = document.createElement("li");
        li.appendChild(math((step.relation ? step.relation + " " : "") + step.latex, false));
        li.appendChild(fill(document.createElement("span"), step.justification)).className = "why";
        steps.appendChild(li);
      }
      steps.hidden = false;
      $("solution-note").textContent = derivation.verified ? "Every step was checked by the CAS." : "";
    } catch (err) {
      $("solution-note").textContent = err.message;
    }
  }

  start().catch((err) => {
    $("title").textContent = "The exercises could not be loaded: " + err.message;
    $("problem").setAttribute("aria-busy", "false");
  });
})();
