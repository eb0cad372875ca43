// Keep or Boot: progressive enhancements only; every page works without them.

// Forms that do something hard to undo ask first: <form data-confirm="Remove Sam?">.
// A listener rather than an inline onsubmit, so a strict Content Security Policy works.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Links that declare a shortcut with a modifier (<a aria-keyshortcuts="Alt+L">,
// "Log a call") follow it from any page, except while a key types text, so the
// shortcut never eats a character someone is typing.
document.addEventListener("keydown", function (event) {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
    return;
  }
  var target = event.target;
  var typing =
    target.isContentEditable ||
    target.tagName === "TEXTAREA" ||
    target.tagName === "SELECT" ||
    (target.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset|range|color)$/.test(target.type));
  if (typing || !/^Key[A-Z]$/.test(event.code)) {
    return;
  }
  var chord = "Alt+" + (event.shiftKey ? "Shift+" : "") + event.code.slice(3);
  var link = document.querySelector('a[aria-keyshortcuts="' + chord + '"]');
  if (link) {
    event.preventDefault();
    window.location.assign(link.href);
  }
});
