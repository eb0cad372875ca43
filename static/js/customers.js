// Keep or Boot, customers: the "Log a call" type-ahead and shortcut.
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

  // Fill the field's <datalist> with matching customers as the user types.
  function setUpLookup(input) {
    const list = document.getElementById(input.getAttribute("list"));
    const url = input.dataset.lookupUrl;
    if (!list || !url) return;
    let lastQuery = null;
    let controller = null;

    const refresh = debounce(async function () {
      const query = input.value.trim();
      if (query === lastQuery || /#\d+$/.test(query)) return;
      lastQuery = query;
      if (controller) controller.abort();
      if (!query) {
        list.replaceChildren();
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
        list.replaceChildren(
          ...data.results.map((customer) => {
            const option = document.createElement("option");
            option.value = customer.label;
            const extra = [customer.contact_person, customer.status !== "active" ? customer.status : ""];
            option.textContent = extra.filter(Boolean).join(" · ");
            return option;
          }),
        );
      } catch (error) {
        if (error.name !== "AbortError") console.warn("Customer look-up failed", error);
      }
    }, 120);

    input.addEventListener("input", refresh);
  }

  document.querySelectorAll("input[data-lookup-url]").forEach(setUpLookup);

  // Ctrl+Enter (or Cmd+Enter) saves the call from any field.
  const form = document.getElementById("log-call-form");
  if (form) {
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
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
