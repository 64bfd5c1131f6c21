/* Single-key shortcuts for the moderators' review pages.

   A key acts on the element of the page that names it in `data-shortcut`
   (this file names no page): a button or link is clicked, a field gets
   the focus. The review pages give:
     a  approve                     r  to the reason for rejecting
     j  next entry in the queue     k  previous entry
     d  reject as a duplicate, where the page offers it
     u  undo the last decision, while the page offers it
   Each such element says its key in `aria-keyshortcuts` too, for screen
   readers. A key never acts while the moderator types in a field, nor
   with Ctrl, Alt, Meta or Shift held.

   Enter in a field with `data-enter="ID"` clicks the button with that id,
   unless the field that button needs (`data-needs="ID"`) is still empty:
   so r, a reason, Enter rejects, and nothing is sent without a reason.

   A moderator who hears the page read aloud or speaks to it may turn the
   single keys off (WCAG 2.1.4), on this device: the choice stays in the
   browser's localStorage, never on the server.

   Without JavaScript the buttons, links and the browser's access keys
   (accesskey="a", "r") do the same. */
(function () {
  "use strict";

  var STORED = "moderation-shortcuts";

  function stored() {
    try {
      return window.localStorage.getItem(STORED);
    } catch (error) {
      return null;
    }
  }

  function store(value) {
    try {
      window.localStorage.setItem(STORED, value);
    } catch (error) {
      // Storage refused (a private window): the switch lasts for this page.
    }
  }

  var turnedOff = stored() === "off";
  var toggle = document.getElementById("shortcuts-off");
  if (toggle) {
    toggle.checked = turnedOff;
    toggle.addEventListener("change", function () {
      turnedOff = toggle.checked;
      store(turnedOff ? "off" : "on");
    });
    document.getElementById("shortcuts-switch").hidden = false;
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    var target = event.target;

    if (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey
        && target && target.dataset && target.dataset.enter) {
      var button = document.getElementById(target.dataset.enter);
      if (!button) return;
      event.preventDefault();
      var needed = button.dataset.needs && document.getElementById(button.dataset.needs);
      if (needed && !needed.value) {
        needed.focus();
        return;
      }
      button.click();
      return;
    }

    if (turnedOff || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
    if (isTyping(target) || event.key.length !== 1) return;
    var key = event.key.toLowerCase();
    if (!/^[a-z]$/.test(key)) return;
    var element = document.querySelector('[data-shortcut="' + key + '"]');
    if (!element || element.disabled) return;
    event.preventDefault();
    // A field is where the moderator goes next (the reason): never clicked.
    if (isTyping(element)) {
      element.focus();
    } else {
      element.click();
    }
  });
})();
