// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    nav.classList.add("collapsible");
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("open", !open);
    });
  }

  // The header's menus are <details>: they open and close without this file. Here:
  // one open at a time, Escape closes (back to its button), a click or focus elsewhere
  // closes them.
  const menus = Array.from(document.querySelectorAll("details[data-menu]"));
  const closeAll = (except) => {
    menus.forEach((menu) => {
      if (menu !== except) menu.open = false;
    });
  };
  menus.forEach((menu) => {
    const summary = menu.querySelector("summary");
    menu.addEventListener("toggle", () => {
      if (menu.open) closeAll(menu);
    });
    menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        if (summary) summary.focus();
        event.stopPropagation();
      }
    });
    menu.addEventListener("focusout", (event) => {
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
    });
  });

  // The search box's suggestions (htmx fills them as the user types).
  const search = document.getElementById("header-search-q");
  const suggestions = document.getElementById("header-search-results");
  const clearSuggestions = () => {
    if (suggestions) suggestions.replaceChildren();
  };
  if (search && suggestions) {
    search.addEventListener("keydown", (event) => {
      if (event.key === "Escape") clearSuggestions();
    });
  }

  document.addEventListener("click", (event) => {
    if (!event.target.closest("details[data-menu]")) closeAll(null);
    if (suggestions && !event.target.closest(".header-search")) clearSuggestions();
  });
});
