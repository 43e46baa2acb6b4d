/*
 * Charging a card with Stripe.js, shared by the checkout's payment step (js/payment.js) and the
 * studio's featuring fee (studio/featuring.js). Stripe.js (or localstripe's stand-in in development
 * and tests) owns the card field, so card numbers never reach Artiqo: it turns the card into a
 * single-use token, the page posts the token to `form.dataset.cardUrl`, and Artiqo charges it. If
 * the bank asks for 3-D Secure, confirmCardPayment finishes the job with the client secret. Then
 * the page polls `state_url` until Stripe has decided, and shows the outcome without a reload.
 *
 * Each page says what its outcomes mean: `show(status, message)`, `settled(body)` (true once the
 * answer is final), `details()` (more fields to post), and its own wording for the waits.
 */
(function () {
  "use strict";

  window.artiqoCardCharge = function (page) {
    const form = page.form;
    const csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const stripe = Stripe(form.dataset.publishableKey);
    const card = stripe.elements().create("card");
    card.mount("#card-element");

    async function poll(stateUrl, attempt) {
      const response = await fetch(stateUrl, {headers: {Accept: "application/json"}});
      const body = await response.json();
      if (page.settled(body)) {
        return;
      }
      if (attempt >= 60) {
        page.show("pending", page.stillPending);
        return;
      }
      window.setTimeout(function () { poll(stateUrl, attempt + 1); }, 1000);
    }

    function failed(message) {
      page.show("failed", message);
      page.button.disabled = false;
    }

    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      page.button.disabled = true;
      page.show("pending", "Payment pending: contacting your bank…");
      const result = await stripe.createToken(card);
      if (result.error || !result.token) {
        failed("Payment failed: " + ((result.error && result.error.message) || "check your card details."));
        return;
      }
      const response = await fetch(form.dataset.cardUrl, {
        method: "POST",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken, Accept: "application/json"},
        body: JSON.stringify(Object.assign({token: result.token.id}, page.details ? page.details() : {})),
      });
      const body = await response.json();
      if (!response.ok) {
        page.show("failed", body.detail || page.notStarted);
        page.button.disabled = response.status === 409;  // 409: nothing left to pay for
        return;
      }
      if (body.requires_action) {
        const confirmation = await stripe.confirmCardPayment(body.client_secret);
        if (confirmation.error) {
          failed("Payment failed: " + (confirmation.error.message || "the bank did not confirm it."));
          return;
        }
      }
      if (!page.settled(body)) {
        poll(body.state_url, 0);
      }
    });
  };
})();
