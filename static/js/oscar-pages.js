/*
 * What Oscar's page templates start from their inline `onbodyload` block, started from this file
 * instead: the Content-Security-Policy forbids inline script. Each starter runs only on pages that
 * have what it works on, as Oscar's templates would have started it only there. Pages without
 * Oscar's ui.js (Wagtail's pages) are left alone.
 */
(function () {
    "use strict";

    document.addEventListener("DOMContentLoaded", function () {
        var oscar = window.oscar;
        if (!oscar) return;
        oscar.init();  // layout.html: every shop page

        // basket.html: AJAX updates of the lines, re-rendered from the basket's own address.
        if (document.getElementById("basket_formset")) {
            oscar.basket.init({basketURL: window.location.pathname});
        }
        // wishlists_list.html: "copy link" buttons.
        if (document.querySelector(".clipboard-item")) oscar.customer.wishlists.init();
        // notifications/list.html: archive and delete buttons.
        if (document.querySelector('a[data-behaviours~="archive"], a[data-behaviours~="delete"]')) {
            oscar.notifications.init();
        }
        // checkout/gateway.html: the guest / new account / existing account choice.
        if (document.querySelector("form input[name=options]")) oscar.checkout.gateway.init();
        // email_detail.html: the HTML email shown in a frame, so its styles stay out of the page.
        var preview = document.getElementById("preview_box");
        if (preview && preview.contentWindow) {
            var frame = preview.contentWindow.document;
            frame.open();
            frame.write(preview.textContent);
            frame.close();
        }
    });
})();
