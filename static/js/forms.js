// The record forms: the error summary takes the focus after a failed submit and its links
// focus their field; a long checkbox list gets a filter box and its ticked options shown
// as removable chips. Progressive enhancement only: without this file the summary is
// still at the top and each list is a plain list of checkboxes.
// No inline handlers (the Content Security Policy forbids them): everything is wired here.
(() => {
  "use strict";

  // Accents and case do not count when filtering ("peru" finds "Perú").
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function focusField(target) {
    if (!target) return;
    const input = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    const fieldBox = target.closest(".field") || target;
    fieldBox.scrollIntoView({ block: "center" });
    if (input) input.focus({ preventScroll: true });
  }

  function enhanceErrorSummary(summary) {
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (!link) return;
      const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      event.preventDefault();
      focusField(target);
    });
    summary.focus();
  }

  function optionLabel(checkbox) {
    const label = checkbox.closest("label");
    return label ? label.textContent.trim() : checkbox.value;
  }

  function enhanceChoices(list) {
    const checkboxes = Array.from(list.querySelectorAll("input[type=checkbox]"));
    if (!checkboxes.length) return;
    const field = list.closest(".field");
    const legend = field ? field.querySelector("legend, label") : null;
    const fieldName = legend ? legend.textContent.replace("*", "").trim() : "";

    // The options move into a scrolling box under the filter and the chips.
    const scroll = document.createElement("div");
    scroll.className = "choice-scroll";
    while (list.firstChild) scroll.appendChild(list.firstChild);

    const filter = document.createElement("input");
    filter.type = "search";
    filter.className = "choice-filter";
    filter.id = `${list.id}_filter`;
    filter.setAttribute("aria-label", `${list.dataset.filterLabel}: ${fieldName}`);
    filter.setAttribute("placeholder", list.dataset.filterLabel || "");
    filter.setAttribute("aria-controls", `${list.id}_options`);
    filter.autocomplete = "off";
    scroll.id = `${list.id}_options`;

    const chips = document.createElement("ul");
    chips.className = "choice-chips";
    chips.setAttribute("aria-label", `${list.dataset.selectedLabel}: ${fieldName}`);

    const none = document.createElement("p");
    none.className = "choice-none muted";
    none.textContent = list.dataset.noneLabel || "";
    none.hidden = true;

    const status = document.createElement("p");
    status.className = "choice-status";
    status.setAttribute("role", "status");

    list.append(chips, filter, none, scroll, status);
    list.classList.add("is-enhanced");

    function drawChips() {
      chips.replaceChildren();
      for (const box of checkboxes) {
        if (!box.checked) continue;
        const item = document.createElement("li");
        const chip = document.createElement("button");
        chip.type = "button";
        chip.className = "choice-chip";
        const name = optionLabel(box);
        chip.textContent = `${name} ×`;
        chip.setAttribute("aria-label", `${list.dataset.removeLabel} ${name}`);
        chip.dataset.value = box.value;
        item.appendChild(chip);
        chips.appendChild(item);
      }
    }

    function applyFilter() {
      const wanted = fold(filter.value);
      let shown = 0;
      for (const box of checkboxes) {
        const item = box.closest("li");
        const match = !wanted || fold(optionLabel(box)).includes(wanted);
        item.hidden = !match;
        if (match) shown += 1;
      }
      for (const group of scroll.querySelectorAll(".choice-group")) {
        group.hidden = !group.querySelector("li:not([hidden])");
      }
      none.hidden = shown > 0;
      status.textContent = wanted ? `${shown} / ${checkboxes.length}` : "";
      return shown;
    }

    chips.addEventListener("click", (event) => {
      const chip = event.target.closest(".choice-chip");
      if (!chip) return;
      const box = checkboxes.find((b) => b.value === chip.dataset.value);
      if (!box) return;
      const position = Array.from(chips.querySelectorAll(".choice-chip")).indexOf(chip);
      box.checked = false;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      // Keep the focus in the chips (the next one, else the filter box).
      const rest = chips.querySelectorAll(".choice-chip");
      (rest[Math.min(position, rest.length - 1)] || filter).focus();
    });

    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        // Enter in the filter does not submit the form; with one match it ticks it.
        event.preventDefault();
        const visible = checkboxes.filter((b) => !b.closest("li").hidden);
        if (visible.length === 1) {
          visible[0].checked = !visible[0].checked;
          visible[0].dispatchEvent(new Event("change", { bubbles: true }));
        }
      } else if (event.key === "Escape" && filter.value) {
        event.preventDefault();
        filter.value = "";
        applyFilter();
      } else if (event.key === "ArrowDown") {
        const first = checkboxes.find((b) => !b.closest("li").hidden);
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    list.addEventListener("change", (event) => {
      if (event.target.matches("input[type=checkbox]")) drawChips();
    });
    drawChips();
  }

  function enhance(root) {
    root.querySelectorAll("[data-searchable-choices]:not(.is-enhanced)").forEach(enhanceChoices);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) enhanceErrorSummary(summary);
    enhance(document);
  });
  // A list htmx swaps in (the interaction's contacts) is enhanced too.
  document.addEventListener("htmx:afterSwap", () => enhance(document));
})();
