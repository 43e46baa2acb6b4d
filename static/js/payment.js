/*
 * The payment step. Stripe.js (or localstripe's stand-in in development and tests) owns the card
 * field, so card numbers never reach Artiqo. Stripe.js turns the card into a token, Artiqo charges
 * it; if the bank asks for 3-D Secure, confirmCardPayment finishes the job. Then the page polls the
 * payment until Stripe has decided, and shows the outcome without a reload.
 */
(function () {
  "use strict";

  const form = document.getElementById("payment-form");
  if (!form || typeof Stripe === "undefined") {
    return;
  }
  const state = document.getElementById("payment-state");
  const button = document.getElementById("pay-button");
  const csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const stripe = Stripe(form.dataset.publishableKey);
  const card = stripe.elements().create("card");
  card.mount("#card-element");

  function show(status, message) {
    state.dataset.status = status;
    state.className = "alert " + ({completed: "alert-success", failed: "alert-danger"}[status] || "alert-info");
    state.textContent = message;
  }

  function settled(body) {
    if (body.status === "completed") {
      show("completed", "Payment completed: your order is " + body.order_status + ". Thank you!");
      window.setTimeout(function () { window.location.assign(body.order_url); }, 1200);
      return true;
    }
    if (body.status === "failed") {
      show("failed", "Payment failed: " + (body.failure_reason || "the card was refused.") +
                     " You can try again with another card.");
      button.disabled = false;
      return true;
    }
    if (body.status === "refunded") {
      show("failed", "This order was cancelled, so your payment was refunded.");
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
      show("pending", "Payment pending: Stripe has not answered yet. We will email you when it completes.");
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
    const response = await fetch(form.dataset.cardUrl, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken, Accept: "application/json"},
      body: JSON.stringify({token: result.token.id}),
    });
    const body = await response.json();
    if (!response.ok) {
      show("failed", body.detail || "The payment could not be started.");
      button.disabled = response.status === 409;  // 409: already paid or cancelled
      return;
    }
    if (body.requires_action) {
      const confirmation = await stripe.confirmCardPayment(body.client_secret);
      if (confirmation.error) {
        show("failed", "Payment failed: " + (confirmation.error.message || "the bank did not confirm it."));
        button.disabled = false;
        return;
      }
    }
    if (!settled(body)) {
      poll(body.state_url, 0);
    }
  });
})();
