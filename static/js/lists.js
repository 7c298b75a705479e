// Lists (core/record_list.html). Progressive enhancement only: every list works without it.
document.addEventListener("DOMContentLoaded", () => {
  // The filters are folded on a phone (so the first screen shows the results) and
  // unfolded on a wider screen.
  if (window.matchMedia("(min-width: 761px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach((details) => {
      details.open = true;
    });
  }
  // "Select all on this page" ticks every row of its table.
  document.querySelectorAll("input[data-select-all]").forEach((all) => {
    const table = all.closest("table");
    const name = all.getAttribute("data-select-all");
    const boxes = () => table.querySelectorAll(`tbody input[type=checkbox][name="${name}"]`);
    all.setAttribute("form", "bulk-form");
    all.removeAttribute("name");
    all.addEventListener("change", () => {
      boxes().forEach((box) => {
        box.checked = all.checked;
      });
    });
    table.addEventListener("change", (event) => {
      if (event.target !== all && event.target.name === name) {
        const list = Array.from(boxes());
        all.checked = list.every((box) => box.checked);
        all.indeterminate = !all.checked && list.some((box) => box.checked);
      }
    });
  });
});
