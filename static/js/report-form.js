// The report and incident forms work without this file. With it, the report's
// edit page and the incident form suggest the currency of the chosen country
// (never forcing it: once the worker picks a currency, it is left alone; the
// list comes in data-country-currencies), and "tasks per hour" shows only for
// pay per task. (The guided report's pay step has the country's currency
// chosen by the server already.)
(function () {
  "use strict";
  var fields = document.querySelector("[data-country-currencies], .report-fields");
  if (!fields) {
    return;
  }
  var currencies = JSON.parse(fields.getAttribute("data-country-currencies") || "{}");
  var country = fields.querySelector("select[name=country]");
  var currency = fields.querySelector("select[name=currency]");
  if (country && currency) {
    var chosenByHand = currency.value !== "";
    currency.addEventListener("change", function () {
      chosenByHand = true;
    });
    country.addEventListener("change", function () {
      var suggested = currencies[country.value];
      if (!chosenByHand && suggested) {
        currency.value = suggested;
      }
    });
  }

  var tasksRow = document.getElementById("div_id_tasks_per_hour");
  function showTasksPerHour() {
    var unit = fields.querySelector("[name=pay_unit]:checked");
    var hasError = tasksRow.querySelector(".is-invalid") !== null;
    tasksRow.hidden = !hasError && !(unit && unit.value === "task");
  }
  if (tasksRow) {
    fields.querySelectorAll("[name=pay_unit]").forEach(function (radio) {
      radio.addEventListener("change", showTasksPerHour);
    });
    showTasksPerHour();
  }
})();
