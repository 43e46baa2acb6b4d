/*
 * Behaviours a form asks for with a data attribute, since the Content-Security-Policy forbids
 * inline handlers (onsubmit="..."):
 *   data-confirm="question"  submits only when the person confirms;
 *   data-submit-once         disables its submit buttons once pressed, so a double click sends one
 *                            request (the server still refuses a second one on its own);
 * and a link marked data-go-back ("cancel") goes back a page when there is one to go back to.
 */
(function () {
    "use strict";

    document.addEventListener("submit", function (event) {
        var form = event.target;
        var question = form.getAttribute("data-confirm");
        if (question && !window.confirm(question)) {
            event.preventDefault();
            return;
        }
        if (form.hasAttribute("data-submit-once")) {
            if (form.hasAttribute("data-submitted")) {
                event.preventDefault();
                return;
            }
            form.setAttribute("data-submitted", "");
            Array.prototype.forEach.call(form.querySelectorAll("[type=submit]"), function (button) {
                button.disabled = true;
            });
        }
    });

    document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[data-go-back]");
        if (link && window.history.length > 1) {
            event.preventDefault();
            window.history.back();
        }
    });
})();
