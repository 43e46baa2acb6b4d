/*
 * Paying the featuring fee in the studio, through the checkout's card script (js/card_charge.js):
 * the token is posted with the days asked for, then the page polls the listing until Stripe has decided.
 */
(function () {
  "use strict";

  const form = document.getElementById("featuring-card-form");
  if (!form || typeof Stripe === "undefined") {
    return;
  }
  const state = document.getElementById("featuring-state");
  const button = document.getElementById("featuring-pay");

  function show(status, message) {
    state.dataset.status = status;
    state.textContent = message;
  }

  window.artiqoCardCharge({
    form: form,
    button: button,
    show: show,
    notStarted: "The featuring could not be started.",
    stillPending: "Payment pending: Stripe has not answered yet. Your artwork is featured once it has.",
    details: function () {
      return {days: parseInt(form.querySelector("input[name=days]").value, 10)};
    },
    settled: function (body) {
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
    },
  });
})();
