/*
 * The catalogue's filter form: sort, page size and "Available only" apply as soon as they
 * change, and empty fields are left out of the URL so shared links stay short and readable.
 * Without this script the form's Apply buttons do the same job.
 */
(function () {
    "use strict";

    var form = document.getElementById("catalogue-filters");
    if (!form) return;

    function submit() {
        if (form.requestSubmit) {
            form.requestSubmit();
        } else {
            form.dispatchEvent(new Event("submit", { cancelable: true }));
            form.submit();
        }
    }

    // The sort and page size selects sit in the toolbar but belong to this form (form="catalogue-filters").
    Array.prototype.forEach.call(form.elements, function (field) {
        if (field.hasAttribute("data-autosubmit")) field.addEventListener("change", submit);
    });

    form.addEventListener("submit", function () {
        Array.prototype.forEach.call(form.elements, function (field) {
            if (field.name && field.value === "" && !field.disabled) {
                field.disabled = true;
                field.setAttribute("data-emptied", "");
            }
        });
    });

    // Coming back through the history shows this page again: give the emptied fields back.
    window.addEventListener("pageshow", function () {
        Array.prototype.forEach.call(form.elements, function (field) {
            if (!field.hasAttribute("data-emptied")) return;
            field.disabled = false;
            field.removeAttribute("data-emptied");
        });
    });
})();
