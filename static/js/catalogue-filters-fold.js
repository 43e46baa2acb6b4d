/*
 * Loaded (blocking) right after the catalogue's filter panel: on a phone the panel starts folded,
 * before the first paint, so results come first. Without script the panel simply stays open.
 */
(function () {
    "use strict";
    var filters = document.getElementById("filters");
    if (filters && window.matchMedia("(max-width: 860px)").matches) filters.open = false;
})();
