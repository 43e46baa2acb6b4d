/*
 * Suggestions under the header's search box: artworks and artists matching what is typed.
 *
 * The box stays a plain search form: without this script, or when nothing is picked, Enter
 * submits the search as usual. The list follows the WAI-ARIA combobox pattern (the input keeps
 * focus; aria-activedescendant points at the highlighted option), so screen readers announce it.
 * The form names the endpoint in `data-autocomplete-url` (GET ?q= → {artworks: [], artists: []}).
 */
(function () {
    "use strict";

    var MIN_CHARS = 2;
    var DEBOUNCE_MS = 150;

    function init(form) {
        var input = form.querySelector("input[name=q]");
        var url = form.getAttribute("data-autocomplete-url");
        if (!input || !url) return;

        var listbox = document.createElement("div");
        listbox.id = (input.id || "site-search") + "-suggestions";
        listbox.className = "search-suggest";
        listbox.setAttribute("role", "listbox");
        listbox.setAttribute("aria-label", "Suggestions");
        listbox.hidden = true;
        form.appendChild(listbox);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-controls", listbox.id);
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("autocomplete", "off");

        var options = [];
        var active = -1;
        var timer = null;
        var pending = null;   // the AbortController of the request in flight
        var lastQuery = "";

        function close() {
            listbox.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function highlight(index) {
            if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
            active = index;
            if (active >= 0 && options[active]) {
                options[active].setAttribute("aria-selected", "true");
                input.setAttribute("aria-activedescendant", options[active].id);
                options[active].scrollIntoView({ block: "nearest" });
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function option(id, href, main, detail) {
            var element = document.createElement("a");
            element.id = id;
            element.className = "search-suggest__option";
            element.href = href;
            element.setAttribute("role", "option");
            element.setAttribute("aria-selected", "false");
            element.tabIndex = -1;
            var name = document.createElement("span");
            name.className = "search-suggest__name";
            name.textContent = main;
            element.appendChild(name);
            if (detail) {
                var extra = document.createElement("span");
                extra.className = "search-suggest__detail";
                extra.textContent = detail;
                element.appendChild(extra);
            }
            return element;
        }

        function group(key, title, rows, build) {
            if (!rows.length) return;
            var element = document.createElement("div");
            element.className = "search-suggest__group";
            element.setAttribute("role", "group");
            var heading = document.createElement("div");
            heading.className = "search-suggest__title";
            heading.id = listbox.id + "-" + key;
            heading.textContent = title;
            element.setAttribute("aria-labelledby", heading.id);
            element.appendChild(heading);
            rows.forEach(function (row, index) {
                var item = build(row, listbox.id + "-" + key + "-" + index);
                options.push(item);
                element.appendChild(item);
            });
            listbox.appendChild(element);
        }

        function render(data) {
            listbox.textContent = "";
            options = [];
            active = -1;
            group("artworks", "Artworks", data.artworks || [], function (artwork, id) {
                return option(id, artwork.url, artwork.title, artwork.artist);
            });
            group("artists", "Artists", data.artists || [], function (artist, id) {
                return option(id, artist.url, artist.name, artist.city);
            });
            if (!options.length) {
                close();
                return;
            }
            listbox.hidden = false;
            input.setAttribute("aria-expanded", "true");
            input.removeAttribute("aria-activedescendant");
        }

        function fetchSuggestions() {
            var query = input.value.trim();
            if (query.length < MIN_CHARS) {
                lastQuery = "";
                if (pending) pending.abort();
                close();
                return;
            }
            if (query === lastQuery && !listbox.hidden) return;
            lastQuery = query;
            if (pending) pending.abort();
            pending = new AbortController();
            fetch(url + "?q=" + encodeURIComponent(query), {
                headers: { Accept: "application/json" },
                signal: pending.signal,
            })
                .then(function (response) { return response.ok ? response.json() : { artworks: [], artists: [] }; })
                .then(function (data) {
                    // Ignore answers to text that is no longer in the box.
                    if (input.value.trim() === query && document.activeElement === input) render(data);
                })
                .catch(function () { /* aborted or offline: the plain search still works */ });
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
        });

        input.addEventListener("focus", function () {
            if (input.value.trim().length >= MIN_CHARS && options.length) {
                listbox.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
        });

        input.addEventListener("keydown", function (event) {
            var open = !listbox.hidden;
            if (event.key === "ArrowDown") {
                if (!open) {
                    if (options.length) {
                        listbox.hidden = false;
                        input.setAttribute("aria-expanded", "true");
                    } else {
                        fetchSuggestions();
                    }
                    event.preventDefault();
                    return;
                }
                highlight(active + 1 < options.length ? active + 1 : 0);
                event.preventDefault();
            } else if (event.key === "ArrowUp" && open) {
                highlight(active > 0 ? active - 1 : options.length - 1);
                event.preventDefault();
            } else if (event.key === "Enter" && open && active >= 0) {
                // A suggestion is highlighted: go to it. Otherwise Enter submits the search as usual.
                event.preventDefault();
                window.location.assign(options[active].href);
            } else if (event.key === "Escape" && open) {
                close();
                event.preventDefault();
            }
        });

        // Keep focus in the box while a suggestion is clicked (the link's own click navigates).
        listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
        listbox.addEventListener("mousemove", function (event) {
            var target = event.target.closest("[role=option]");
            if (target) highlight(options.indexOf(target));
        });

        input.addEventListener("blur", close);
        form.addEventListener("submit", close);
    }

    function start() {
        document.querySelectorAll("form[data-autocomplete-url]").forEach(init);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
