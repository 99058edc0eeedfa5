// Keyboard shortcuts shared by the desk pages: Steward.shortcuts({key: handler}) calls a handler for a key
// pressed while the visitor is not typing (no input, textarea, select or editable element has the focus)
// and without Ctrl, Alt or Meta; "?" opens the page's <dialog id="shortcuts-help">.
(function () {
  function typing(el) {
    if (!el || el === document.body) return false;
    var tag = el.tagName;
    if (tag === "INPUT") return !/^(checkbox|radio|button|submit|reset)$/.test(el.type); // a ticked box is no typing
    return tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  var handlers = {};
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (typing(event.target)) return;
    var help = document.getElementById("shortcuts-help");
    if (help && help.open) return; // the dialog has the keyboard (Esc closes it)
    if (event.key === "?" && help) {
      event.preventDefault();
      help.showModal();
      return;
    }
    var handler = handlers[event.key];
    if (handler && handler(event) !== false) event.preventDefault();
  });
  window.Steward = window.Steward || {};
  window.Steward.shortcuts = function (map) {
    Object.keys(map).forEach(function (key) { handlers[key] = map[key]; });
  };
})();
