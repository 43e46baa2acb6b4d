// Sign-up: the artist name and city fields only matter to artists, so show them only then.
// Without JavaScript every field stays visible and the server still checks them.
(function () {
  var form = document.querySelector("form:has([name=registration_submit])");
  if (!form) return;
  var artistFields = ["registration-artist_name", "registration-city"]
    .map(function (name) { var input = form.querySelector("[name='" + name + "']"); return input && input.closest(".form-group"); })
    .filter(Boolean);
  function sync() {
    var chosen = form.querySelector("[name='registration-role']:checked");
    var isArtist = chosen && chosen.value === "artist";
    artistFields.forEach(function (group) { group.setAttribute("data-artist-only", ""); group.hidden = !isArtist; });
  }
  form.addEventListener("change", sync);
  sync();
})();
