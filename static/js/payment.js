/*
 * The checkout's payment step, through the shared card script (js/card_charge.js): what the
 * payment's states mean to a buyer. Each card tried is a new attempt on the same order.
 */
(function () {
  "use strict";

  const form = document.getElementById("payment-form");
  if (!form || typeof Stripe === "undefined") {
    return;
  }
  const state = document.getElementById("payment-state");
  const button = document.getElementById("pay-button");

  function show(status, message) {
    state.dataset.status = status;
    state.className = "alert " + ({completed: "alert-success", failed: "alert-danger"}[status] || "alert-info");
    state.textContent = message;
  }

  window.artiqoCardCharge({
    form: form,
    button: button,
    show: show,
    notStarted: "The payment could not be started.",
    stillPending: "Payment pending: Stripe has not answered yet. We will email you when it completes.",
    settled: function (body) {
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
    },
  });
})();
