// Keep or Boot, customers: the "Log a call" type-ahead and its keys.
// The form works without this file: typing a customer's exact name is enough.
(function () {
  "use strict";

  function debounce(fn, wait) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), wait);
    };
  }

  // Fields where a key types text: the form's single keys never act there.
  function typesText(element) {
    if (!element) return false;
    if (element.isContentEditable || element.tagName === "TEXTAREA" || element.tagName === "SELECT") return true;
    if (element.tagName !== "INPUT") return false;
    return !["checkbox", "radio", "button", "submit", "reset", "hidden", "range", "color"].includes(element.type);
  }

  // The customer field as an ARIA combobox: matching customers in a list under
  // it, Up/Down to move, Enter to pick, Escape to close. The list shows names
  // only; the picked customer's number goes into a hidden field.
  function setUpLookup(input, onPicked) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    const picked = document.querySelector(input.dataset.picked);
    const status = document.getElementById(`${list.id}-status`);
    const url = input.dataset.lookupUrl;
    let results = [];
    let active = -1;
    let lastQuery = null;
    let controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      list.querySelectorAll('[role="option"]').forEach((option, i) => {
        const on = i === index;
        option.classList.toggle("active", on);
        option.setAttribute("aria-selected", on ? "true" : "false");
        if (on) {
          input.setAttribute("aria-activedescendant", option.id);
          option.scrollIntoView({ block: "nearest" });
        }
      });
    }

    function pick(index) {
      const customer = results[index];
      if (!customer) return;
      input.value = customer.name;
      picked.value = customer.pk;
      lastQuery = customer.name;
      close();
      onPicked();
    }

    function show(found) {
      results = found;
      list.replaceChildren(
        ...found.map((customer, index) => {
          const option = document.createElement("li");
          option.id = `${list.id}-${index}`;
          option.className = "list-group-item list-group-item-action";
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          const name = document.createElement("span");
          name.textContent = customer.name;
          option.append(name);
          const extra = [customer.contact_person, customer.status !== "active" ? customer.status : ""].filter(Boolean);
          if (extra.length) {
            const detail = document.createElement("small");
            detail.className = "d-block text-secondary";
            detail.textContent = extra.join(" · ");
            option.append(detail);
          }
          option.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the field
          option.addEventListener("click", () => pick(index));
          return option;
        }),
      );
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      active = -1;
      input.removeAttribute("aria-activedescendant");
      status.textContent = found.length
        ? `${found.length} customer${found.length === 1 ? "" : "s"} found: Down arrow and Enter to pick.`
        : "No customer found.";
    }

    const refresh = debounce(async function () {
      const query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (controller) controller.abort();
      if (!query) {
        show([]);
        return;
      }
      controller = new AbortController();
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        if (!response.ok) return;
        const data = await response.json();
        show(data.results);
      } catch (error) {
        if (error.name !== "AbortError") console.warn("Customer look-up failed", error);
      }
    }, 120);

    input.addEventListener("input", () => {
      picked.value = ""; // an edited name is no longer the customer picked
      refresh();
    });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const open = !list.hidden && results.length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!results.length) return;
        event.preventDefault();
        if (list.hidden) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        const step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + results.length) % results.length);
      } else if (event.key === "Enter" && open) {
        event.preventDefault(); // picks instead of saving
        pick(active >= 0 ? active : 0);
      } else if (event.key === "Enter" && picked.value) {
        event.preventDefault(); // already picked: on to the duration
        onPicked();
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
  }

  // Single keys for the rest of the form, active only while the focus is in the
  // form but not in a text field (WCAG 2.1.4): 1-5 pick a duration, a letter
  // ticks a signal, N goes to the note. Each is shown beside its control.
  const SIGNAL_KEYS = {
    out_of_scope_request: "o",
    angry_when_refused: "a",
    asked_discount: "d",
    disputed_invoice: "i",
    complained: "c",
    threatened_review: "t",
    public_complaint: "p",
    abusive: "r",
    dishonest: "h",
  };
  const NOTE_KEY = "n";

  function keyHint(text) {
    const hint = document.createElement("kbd");
    hint.className = "key-hint ms-1";
    hint.setAttribute("aria-hidden", "true"); // aria-keyshortcuts says it to screen readers
    hint.textContent = text;
    return hint;
  }

  function setUpKeys(form) {
    const keys = new Map();
    const bind = (key, control) => {
      keys.set(key, control);
      control.setAttribute("aria-keyshortcuts", key.toUpperCase());
      // Beside the label, not in it: the control's name stays its words.
      const label = control.labels && control.labels[0];
      if (label && !label.classList.contains("btn")) label.after(keyHint(key.toUpperCase()));
    };
    const presets = Array.from(form.querySelectorAll('input[name="duration_preset"]')).slice(0, 9);
    presets.forEach((preset, index) => bind(String(index + 1), preset));
    const legend = presets.length && presets[0].closest("fieldset").querySelector("legend");
    if (legend) legend.append(keyHint(`1–${presets.length}`)); // the presets in order
    const taken = new Set([NOTE_KEY, ...Object.values(SIGNAL_KEYS)]);
    const spare = "befgjkmqsuvwxyz".split("").filter((letter) => !taken.has(letter));
    form.querySelectorAll('input[type="checkbox"]').forEach((box) => {
      const key = SIGNAL_KEYS[box.name] || spare.shift(); // a signal added later still gets a key
      if (key) bind(key, box);
    });
    const note = form.querySelector('textarea[name="note"]');
    if (note) bind(NOTE_KEY, note);

    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
        return;
      }
      if (event.key === "Escape" && typesText(event.target) && event.target.getAttribute("role") !== "combobox") {
        event.target.blur(); // leave the note (or minutes) so the single keys work again
        form.focus();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || typesText(event.target)) return;
      const control = keys.get(event.key.toLowerCase());
      if (!control) return;
      event.preventDefault();
      control.focus();
      if (control.type === "radio") {
        control.checked = true;
        control.dispatchEvent(new Event("change", { bubbles: true }));
      } else if (control.type === "checkbox") {
        control.click();
      }
    });
  }

  const form = document.getElementById("log-call-form");
  if (form) {
    form.tabIndex = -1; // Escape from a text field parks the focus on the form itself
    const firstPreset = () => form.querySelector('input[name="duration_preset"]:checked') || form.querySelector('input[name="duration_preset"]');
    form.querySelectorAll("input[data-lookup-url]").forEach((input) =>
      setUpLookup(input, () => {
        const preset = firstPreset();
        if (preset) preset.focus();
      }),
    );
    setUpKeys(form);
    // Alt+L opens this form from other pages; here it goes back to the customer field.
    document.addEventListener("keydown", (event) => {
      if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === "KeyL" && !typesText(event.target)) {
        event.preventDefault();
        const input = form.querySelector("input[data-lookup-url]");
        if (input) input.focus();
      }
    });
    const hint = document.getElementById("log-call-keys");
    if (hint) hint.hidden = false;

    // Typing other minutes clears the preset, and picking a preset clears them, so only one counts.
    const other = form.querySelector(".other-minutes");
    const presets = form.querySelectorAll('input[name="duration_preset"]');
    if (other) {
      other.addEventListener("input", () => {
        if (other.value) presets.forEach((preset) => (preset.checked = false));
      });
      presets.forEach((preset) => preset.addEventListener("change", () => (other.value = "")));
    }
  }
})();
