// What an HTMX request that fails tells the user. htmx 2 swaps nothing on an error status,
// so without this a refused click (an item hidden since the page loaded, a stale row, an
// expired session) changed nothing on screen and said nothing.
(function () {
  "use strict";

  function box() {
    return document.getElementById("htmx-error");
  }

  function show(text) {
    var el = box();
    if (!el) return;
    el.textContent = text;
    el.hidden = false;
    el.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:beforeRequest", function () {
    var el = box();
    if (el) el.hidden = true;
  });

  // A short plain-text answer is the server's own reason; anything else gets the general one.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var el = box();
    if (!el) return;
    var plain = (xhr.getResponseHeader("Content-Type") || "").indexOf("text/plain") === 0;
    var text = plain ? xhr.responseText.trim() : "";
    show(text && text.length <= 500 ? text : el.dataset.fallback);
  });

  document.addEventListener("htmx:sendError", function () {
    var el = box();
    if (el) show(el.dataset.offline);
  });

  // The session expired: the answer is the log-in page. Go there, rather than showing it
  // inside the small part of the page the request meant to replace.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var el = box();
    var url = event.detail.xhr.responseURL || "";
    if (el && el.dataset.login && url.indexOf(el.dataset.login) !== -1) {
      event.detail.shouldSwap = false;
      window.location.href = url;
    }
  });
})();
