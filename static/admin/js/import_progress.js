// An import job's page reloads itself every few seconds while the task worker
// is still checking the file; once the job has finished the page stays put.
(function () {
  "use strict";
  if (document.querySelector("[data-import-running]")) {
    window.setTimeout(function () {
      window.location.reload();
    }, 3000);
  }
})();
