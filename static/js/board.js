// The pipeline board: drag a card to another column to move it to that step.
// Progressive enhancement only: without this file each card's "Move to" form still works.
// No inline handlers (the Content Security Policy forbids them): everything is wired here.
(() => {
  "use strict";

  const FETCH_HEADER = { "X-Requested-With": "fetch" };

  function boardElement() {
    return document.querySelector("[data-board]");
  }

  function announce(message, isError) {
    const status = document.getElementById("board-status");
    if (!status) return;
    status.textContent = message || "";
    status.classList.toggle("is-error", Boolean(isError));
  }

  // Fetch the board again and swap it in, so the totals follow the move.
  async function refreshBoard(focusCardId) {
    const response = await fetch(window.location.href, { credentials: "same-origin" });
    if (!response.ok) {
      window.location.reload();
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-board]");
    const current = boardElement();
    if (!fresh || !current) {
      window.location.reload();
      return;
    }
    current.replaceWith(fresh);
    if (focusCardId) {
      const select = fresh.querySelector(`[data-card="${focusCardId}"] select`);
      if (select) select.focus();
    }
  }

  // Post a card's own "Move to" form, as the browser would without JavaScript.
  // A move that skips steps is answered with a question (409 and "confirm"): asked in a
  // dialog, then posted again with confirm_skip, or the card goes back to its column.
  async function submitMove(form, cardId, confirmSkip) {
    const board = boardElement();
    const fallback = board ? board.dataset.moveError : "";
    let answer = null;
    try {
      const body = new FormData(form);
      if (confirmSkip) body.set("confirm_skip", "1");
      const response = await fetch(form.action, {
        method: "POST",
        body,
        headers: FETCH_HEADER,
        credentials: "same-origin",
      });
      answer = await response.json().catch(() => null);
      if (response.status === 409 && answer && answer.confirm && !confirmSkip) {
        if (window.confirm(answer.confirm)) {
          await submitMove(form, cardId, true);
        } else {
          await refreshBoard(cardId);
        }
        return;
      }
      if (!response.ok || !answer || !answer.ok) {
        announce((answer && answer.message) || fallback, true);
        return;
      }
    } catch (error) {
      announce(fallback, true);
      return;
    }
    await refreshBoard(cardId);
    announce(answer.message, false);
  }

  let dragged = null;

  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest("[data-card][draggable='true']");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.card);
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    document.querySelectorAll(".is-drop-target").forEach((zone) => zone.classList.remove("is-drop-target"));
  });

  function dropZone(event) {
    return event.target.closest ? event.target.closest("[data-drop-step]") : null;
  }

  document.addEventListener("dragover", (event) => {
    const zone = dropZone(event);
    if (!zone || !dragged) return;
    event.preventDefault(); // allow the drop
    event.dataTransfer.dropEffect = "move";
    zone.classList.add("is-drop-target");
  });

  document.addEventListener("dragleave", (event) => {
    const zone = dropZone(event);
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("is-drop-target");
  });

  document.addEventListener("drop", (event) => {
    const zone = dropZone(event);
    if (!zone || !dragged) return;
    event.preventDefault();
    zone.classList.remove("is-drop-target");
    const card = dragged;
    const form = card.querySelector("form[data-move-form]");
    const select = form ? form.querySelector("select[name='step']") : null;
    if (!form || !select || select.value === zone.dataset.dropStep) return;
    select.value = zone.dataset.dropStep;
    zone.appendChild(card); // show it where it was dropped while the server answers
    submitMove(form, card.dataset.card);
  });

  // The keyboard control: move without reloading the page, then keep the focus on the card.
  document.addEventListener("submit", (event) => {
    const form = event.target.closest && event.target.closest("form[data-move-form]");
    if (!form || !window.fetch) return;
    event.preventDefault();
    const card = form.closest("[data-card]");
    submitMove(form, card ? card.dataset.card : null);
  });
})();
