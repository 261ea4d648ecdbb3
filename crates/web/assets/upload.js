// The upload pages: names of the chosen files, and a job's progress polled
// from /api/v1/jobs/{id} until it finishes (then the page reloads to show
// the summary). Without scripts the job page refreshes itself.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var chosen = document.getElementById("upload-chosen");
  if (chosen) {
    var show = function () {
      var n = 0;
      ["upload-files", "upload-folder"].forEach(function (id) {
        var input = document.getElementById(id);
        if (input && input.files) { n += input.files.length; }
      });
      chosen.textContent = n > 0 ? String(n) + (document.documentElement.lang === "en" ? " files chosen" : " 个文件已选择") : "";
    };
    ["upload-files", "upload-folder"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input) { input.addEventListener("change", show); }
    });
    var drop = document.getElementById("upload-drop");
    var files = document.getElementById("upload-files");
    if (drop && files) {
      drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
      drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
      drop.addEventListener("drop", function (e) {
        e.preventDefault();
        drop.classList.remove("over");
        if (e.dataTransfer && e.dataTransfer.files.length) { files.files = e.dataTransfer.files; show(); }
      });
    }
  }
  var data = document.getElementById("job-data");
  if (!data) { return; }
  var job = JSON.parse(data.textContent);
  if (job.finished) { return; }
  var poll = function () {
    fetch(job.api, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        document.getElementById("job-done").textContent = s.done;
        document.getElementById("job-total").textContent = s.total;
        document.getElementById("job-state").textContent = s.state_text;
        var bar = document.getElementById("job-progress");
        bar.value = s.total > 0 ? Math.floor(s.done * 100 / s.total) : 0;
        if (s.state === "done" || s.state === "failed") { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  };
  setTimeout(poll, 500);
});
