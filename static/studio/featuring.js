/*
 * Paying the featuring fee in the studio. Stripe.js (or localstripe's stand-in) owns the card field,
 * turns the card into a token, and Artiqo charges it; then the page polls the listing until Stripe
 * has decided. Modelled on static/js/payment.js (the checkout's payment step).
 */
(function () {
  "use strict";

  const form = document.getElementById("featuring-card-form");
  if (!form || typeof Stripe === "undefined") {
    return;
  }
  const state = document.getElementById("featuring-state");
  const button = document.getElementById("featuring-pay");
  const csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const stripe = Stripe(form.dataset.publishableKey);
  const card = stripe.elements().create("card");
  card.mount("#card-element");

  function show(status, message) {
    state.dataset.status = status;
    state.textContent = message;
  }

  function settled(body) {
    if (body.status === "active") {
      show("active", "Paid: your artwork is featured until " + body.featured_until + ".");
      window.setTimeout(function () { window.location.assign(body.index_url); }, 1200);
      return true;
    }
    if (body.status === "failed") {
      show("failed", "Payment failed: " + (body.failure_reason || "the card was refused.") + " Try another card.");
      button.disabled = false;
      return true;
    }
    return false;
  }

  async function poll(stateUrl, attempt) {
    const response = await fetch(stateUrl, {headers: {Accept: "application/json"}});
    const body = await response.json();
    if (settled(body)) {
      return;
    }
    if (attempt >= 60) {
      show("pending", "Payment pending: Stripe has not answered yet. Your artwork is featured once it has.");
      return;
    }
    window.setTimeout(function () { poll(stateUrl, attempt + 1); }, 1000);
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    button.disabled = true;
    show("pending", "Payment pending: contacting your bank…");
    const result = await stripe.createToken(card);
    if (result.error || !result.token) {
      show("failed", "Payment failed: " + ((result.error && result.error.message) || "check your card details."));
      button.disabled = false;
      return;
    }
    const days = parseInt(form.querySelector("input[name=days]").value, 10);
    const response = await fetch(form.dataset.cardUrl, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken, Accept: "application/json"},
      body: JSON.stringify({token: result.token.id, days: days}),
    });
    const body = await response.json();
    if (!response.ok) {
      show("failed", body.detail || "The featuring could not be started.");
      button.disabled = response.status === 409;
      return;
    }
    if (!settled(body)) {
      poll(body.state_url, 0);
    }
  });
})();
