// Keep or Boot: progressive enhancements only; every page works without them.

// Forms that do something hard to undo ask first: <form data-confirm="Remove Sam?">.
// A listener rather than an inline onsubmit, so a strict Content Security Policy works.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
