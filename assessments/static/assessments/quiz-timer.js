// Progressive enhancement: a countdown for timed quizzes. The server is the authority on time:
// without this script the deadline is enforced all the same when the next page is posted.
(function () {
  "use strict";
  var timer = document.querySelector(".quiz-timer[data-seconds-left]");
  if (!timer) { return; }
  var value = timer.querySelector(".quiz-timer-value");
  var announce = timer.querySelector(".quiz-timer-announce");
  var form = document.querySelector("form.quiz-form");
  var deadline = Date.now() + parseInt(timer.getAttribute("data-seconds-left"), 10) * 1000;
  var announced = {};

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    value.textContent = (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(left % 60);
    // Screen readers hear the time only at a few moments, not every second.
    [300, 60].forEach(function (mark) {
      if (left <= mark && left > mark - 5 && !announced[mark]) {
        announced[mark] = true;
        announce.textContent = value.textContent;
      }
    });
    if (left === 0) {
      window.clearInterval(interval);
      announce.textContent = timer.getAttribute("data-time-up");
      if (form) {
        var action = document.createElement("input");
        action.type = "hidden";
        action.name = "action";
        action.value = "submit";
        form.querySelectorAll("button[name=action]").forEach(function (b) { b.disabled = true; });
        form.appendChild(action);
        form.submit();
      }
    }
  }
  var interval = window.setInterval(tick, 1000);
  tick();
})();
