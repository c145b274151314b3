// The case link carries its code in the URL fragment (#CODE), which browsers never send to the server: put it into
// the form and submit, so the code travels only in the POST body.
(function () {
  var field = document.querySelector("[data-case-code]");
  if (!field || field.value || !window.location.hash) return;
  var code = decodeURIComponent(window.location.hash.slice(1));
  if (!/^[A-Za-z0-9-]{8,80}$/.test(code)) return;
  history.replaceState(null, "", window.location.pathname);
  field.value = code;
  field.form.submit();
})();
