/*
 * The "Ask Artiqo" panel (templates/assistant/panel.html), in place: the form works without this
 * script (it posts to a page that shows the conversation); with it, the question is posted as JSON
 * to the form's data-endpoint (session cookie + CSRF token) and the conversation grows here:
 * the buyer's words at once, a "thinking" status, then the reply revealed a few words at a time and
 * the artworks as cards (rendered by the server, the same as without the script).
 * Enter sends, Shift+Enter is a new line; focus stays in the box. Screen readers get each reply
 * whole from the polite live region (the word-by-word text is hidden from them).
 */
(function () {
    "use strict";

    var WORD_DELAY_MS = 30;
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
    }

    function message(role, text) {
        var box = element("div", "assistant-message assistant-message--" + role);
        box.appendChild(element("p", "assistant-message__who", role === "user" ? "You" : "Artiqo"));
        var body = element("div", "assistant-message__text");
        if (text !== undefined) body.textContent = text;
        box.appendChild(body);
        return box;
    }

    function reveal(target, text, done) {
        // The whole reply for assistive technology at once; the growing copy for the eye only.
        var spoken = element("span", "sr-only", text);
        var shown = element("span", "assistant-message__typing");
        shown.setAttribute("aria-hidden", "true");
        target.appendChild(spoken);
        target.appendChild(shown);
        var words = text.split(/(\s+)/);
        if (reduceMotion) {
            shown.textContent = text;
            done();
            return;
        }
        var index = 0;
        (function next() {
            shown.textContent += words.slice(index, index + 2).join("");
            index += 2;
            if (index < words.length) window.setTimeout(next, WORD_DELAY_MS);
            else done();
        })();
    }

    function problemText(status, body) {
        if (status === 429) {
            var wait = body && body.detail ? " " + body.detail : "";
            return "You have asked a lot in a short time." + wait;
        }
        if (status === 401 || status === 403) return "Please log in again to ask Artiqo.";
        if (status === 404) return "That conversation is no longer available: reload the page to start a new one.";
        if (status === 400 && body) {
            var first = body.message || body.conversation || body.non_field_errors || body.detail;
            return Array.isArray(first) ? first.join(" ") : String(first || "Please check your question.");
        }
        return "Artiqo could not answer just now. Please try again.";
    }

    function setUp(form) {
        var log = form.parentNode.querySelector("[data-assistant-log]");
        var input = form.querySelector("textarea[name=message]");
        var conversation = form.querySelector("[data-assistant-conversation]");
        var status = form.querySelector("[data-assistant-status]");
        var button = form.querySelector("[type=submit]");
        var token = form.querySelector("[name=csrfmiddlewaretoken]");
        var busy = false;

        input.addEventListener("keydown", function (event) {
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
                event.preventDefault();
                if (form.requestSubmit) form.requestSubmit();
                else form.dispatchEvent(new Event("submit", { cancelable: true, bubbles: true }));
            }
        });

        form.addEventListener("submit", function (event) {
            event.preventDefault();
            var text = input.value.trim();
            if (busy || !text) return;
            busy = true;
            button.disabled = true;
            log.setAttribute("aria-busy", "true");
            log.appendChild(message("user", text));
            input.value = "";
            input.focus();
            status.textContent = "Artiqo is thinking…";
            form.classList.add("is-thinking");

            var payload = { message: text };
            if (conversation.value) payload.conversation = Number(conversation.value);
            fetch(form.getAttribute("data-endpoint"), {
                method: "POST",
                credentials: "same-origin",
                headers: {
                    "Content-Type": "application/json",
                    Accept: "application/json",
                    "X-CSRFToken": token ? token.value : "",
                },
                body: JSON.stringify(payload),
            })
                .then(function (response) {
                    return response.json().then(
                        function (body) { return { status: response.status, body: body }; },
                        function () { return { status: response.status, body: null }; }
                    );
                })
                .then(function (answer) {
                    if (answer.status !== 200 && answer.status !== 201) throw answer;
                    conversation.value = answer.body.conversation;
                    status.textContent = "";
                    var reply = message("assistant");
                    reply.classList.add("is-arriving");
                    log.appendChild(reply);
                    reveal(reply.querySelector(".assistant-message__text"), answer.body.reply, function () {
                        if (answer.body.cards_html) reply.insertAdjacentHTML("beforeend", answer.body.cards_html);
                        reply.classList.remove("is-arriving");
                        log.removeAttribute("aria-busy");
                        finish();
                    });
                })
                .catch(function (failure) {
                    status.textContent = problemText(failure && failure.status, failure && failure.body);
                    if (failure && failure.status === 400) input.value = text; // let them fix it
                    log.removeAttribute("aria-busy");
                    finish();
                });

            function finish() {
                busy = false;
                button.disabled = false;
                form.classList.remove("is-thinking");
                log.scrollTop = log.scrollHeight;
            }
        });
    }

    function start() {
        Array.prototype.forEach.call(document.querySelectorAll("form[data-assistant-form]"), setUp);
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
})();
