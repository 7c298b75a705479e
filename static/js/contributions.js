// The contribution form (progressive enhancement: without this file every field shows
// and the server refuses what does not fit). Shows only the fieldset of the chosen kind
// of resource, the categories of that kind, and the own-contribution fields when ticked.
// Hidden fieldsets are disabled, so what they hold is not sent.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-contribution-form]");
  if (!form) {
    return;
  }
  const kind = form.querySelector("select[name=kind]");
  const category = form.querySelector("select[name=category]");
  const own = form.querySelector("input[name=is_own_contribution]");

  function kindCode() {
    const option = kind ? kind.options[kind.selectedIndex] : null;
    return option && option.dataset.code ? option.dataset.code : "";
  }

  function showKind() {
    const code = kindCode();
    form.querySelectorAll("fieldset[data-kind]").forEach((fieldset) => {
      const show = fieldset.dataset.kind === code;
      fieldset.hidden = !show;
      fieldset.disabled = !show;
    });
    if (category) {
      Array.from(category.options).forEach((option) => {
        if (!option.dataset.kind) {
          return;
        }
        const fits = !code || option.dataset.kind === code;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) {
          category.value = "";
        }
      });
    }
  }

  function showOwn() {
    const ticked = own ? own.checked : true;
    form.querySelectorAll("[data-own-only]").forEach((wrapper) => {
      wrapper.hidden = !ticked;
      wrapper.querySelectorAll("input, select, textarea").forEach((input) => {
        input.disabled = !ticked;
      });
    });
  }

  if (kind) {
    kind.addEventListener("change", showKind);
  }
  if (own) {
    own.addEventListener("change", showOwn);
  }
  showKind();
  showOwn();
});
