/*
 * Plan & billing: the card for a paid plan. Stripe.js (or localstripe's stand-in in development and
 * tests) owns the card field, so card numbers never reach Artiqo. When the artist picks a paid plan
 * that needs a card, Stripe.js turns the card into a single-use token, the token goes into the
 * plan's form, and the form is posted as usual; the token is also the request's idempotency key.
 */
(function () {
  "use strict";

  const section = document.getElementById("card-section");
  if (!section || typeof Stripe === "undefined") {
    return;
  }
  const state = document.getElementById("card-state");
  const stripe = Stripe(section.dataset.publishableKey);
  const card = stripe.elements().create("card");
  card.mount("#card-element");

  function show(status, message) {
    state.dataset.status = status;
    state.className = "w-mt-2 help-block " + (status === "failed" ? "help-critical" : "help-info");
    state.textContent = message;
  }

  document.querySelectorAll("form.needs-card").forEach(function (form) {
    form.addEventListener("submit", async function (event) {
      if (form.elements.card_token.value) {
        return; // the token is in: let the form go
      }
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      show("pending", "Checking your card…");
      const result = await stripe.createToken(card);
      if (result.error || !result.token) {
        show("failed", (result.error && result.error.message) || "Check your card details and try again.");
        button.disabled = false;
        return;
      }
      form.elements.card_token.value = result.token.id;
      show("pending", "Starting your plan…");
      form.submit();
    });
  });
})();
