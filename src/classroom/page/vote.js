// The vote page: join with the room code, then vote on the decision the facilitator has
// open. It asks the laptop for the current decision every 1.5 seconds, so it moves on by
// itself. All text from the laptop is put on the page as text (textContent), never as HTML.
"use strict";

(function () {
  var POLL_MS = 1500;
  var code = "";
  var token = "";
  var shown = null; // the decision on screen: { id, options, open }
  var vote = null;
  var timer = null;

  function $(id) { return document.getElementById(id); }

  function say(text, problem) {
    var status = $("status");
    status.textContent = text;
    status.className = problem ? "problem" : "";
  }

  function show(part) {
    ["join", "waiting", "ballot"].forEach(function (id) { $(id).hidden = id !== part; });
  }

  function store(key, value) {
    try { if (value) { sessionStorage.setItem(key, value); } else { sessionStorage.removeItem(key); } } catch (e) { /* private mode */ }
  }

  function load(key) {
    try { return sessionStorage.getItem(key) || ""; } catch (e) { return ""; }
  }

  // A request that has had no answer in 8 seconds is given up (and the poll tries again on
  // a fresh connection), so a phone never waits on a stuck connection.
  var TIMEOUT_MS = 8000;

  function request(method, path, body) {
    var options = { method: method, headers: {}, cache: "no-store" };
    if (typeof AbortController === "function") {
      var abort = new AbortController();
      options.signal = abort.signal;
      setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    }
    if (body) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function askForCode(message) {
    token = "";
    store("jigsaw-token", "");
    shown = null;
    show("join");
    if (message) { say(message, true); }
    $("code").focus();
  }

  function join(event) {
    event.preventDefault();
    var typed = $("code").value.trim().toUpperCase();
    if (!typed) { say("Type the room code shown on the screen.", true); return; }
    request("POST", "/api/join", { code: typed }).then(function (reply) {
      if (reply.status === 200 && reply.data.token) {
        code = typed;
        token = reply.data.token;
        store("jigsaw-code", code);
        store("jigsaw-token", token);
        say("You are in the room.", false);
        show("waiting");
        poll();
      } else {
        say(reply.data.error || "That did not work; try again.", true);
        $("code").focus();
      }
    }).catch(function () {
      say("The laptop cannot be reached. Check you are on the same Wi-Fi.", true);
    });
  }

  function optionsChanged(decision) {
    return !shown || shown.id !== decision.id ||
      shown.options.join("\u0000") !== decision.options.join("\u0000");
  }

  function render(decision, myVote) {
    if (!decision) {
      if (shown) { say("Voting on that decision is over. Wait for the next one.", false); }
      shown = null;
      vote = null;
      show("waiting");
      return;
    }
    var fresh = optionsChanged(decision);
    if (fresh) {
      $("question").textContent = decision.question || "What should the practitioner do?";
      var list = $("options");
      while (list.firstChild) { list.removeChild(list.firstChild); }
      decision.options.forEach(function (text, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.setAttribute("data-option", String(index));
        var number = document.createElement("span");
        number.className = "number";
        number.textContent = (index + 1) + ".";
        button.appendChild(number);
        button.appendChild(document.createTextNode(text));
        button.addEventListener("click", function () { cast(decision.id, index); });
        list.appendChild(button);
      });
      if (shown) { say("A new decision is open: vote below.", false); }
      else { say("Voting is open: choose an option below.", false); }
    }
    shown = { id: decision.id, options: decision.options.slice(), open: decision.open };
    vote = myVote;
    var buttons = $("options").querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", myVote === i ? "true" : "false");
      buttons[i].disabled = !decision.open;
    }
    $("hint").textContent = decision.open
      ? "Tap an option to vote. You can change your vote until voting closes."
      : "Voting has closed. The facilitator will reveal the room's votes.";
    show("ballot");
  }

  function cast(decision, option) {
    request("POST", "/api/vote", { code: code, token: token, decision: decision, option: option })
      .then(function (reply) {
        if (reply.status === 200) {
          render({ id: decision, options: shown.options, open: true }, option);
          say("Your vote: option " + (option + 1) + ". You can change it until voting closes.", false);
        } else if (reply.status === 401 || reply.status === 403) {
          askForCode(reply.data.error);
        } else {
          say(reply.data.error || "Your vote was not counted; try again.", true);
          poll();
        }
      })
      .catch(function () { say("Your vote could not be sent. Check the Wi-Fi and try again.", true); });
  }

  function poll() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (!token) { return; }
    var path = "/api/state?code=" + encodeURIComponent(code) + "&token=" + encodeURIComponent(token);
    request("GET", path).then(function (reply) {
      if (reply.status === 200) {
        render(reply.data.decision, reply.data.vote === null || reply.data.vote === undefined ? null : reply.data.vote);
      } else if (reply.status === 401 || reply.status === 403) {
        askForCode("The room has changed: enter the code on the screen again.");
        return;
      }
      timer = setTimeout(poll, POLL_MS);
    }).catch(function () {
      say("Lost contact with the laptop; trying again…", true);
      timer = setTimeout(poll, POLL_MS * 2);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("join").addEventListener("submit", join);
    var fromLink = decodeURIComponent((location.hash || "").replace(/^#/, "")).trim().toUpperCase();
    var saved = load("jigsaw-code");
    code = fromLink || saved;
    token = saved && saved === code ? load("jigsaw-token") : "";
    $("code").value = code;
    if (token) {
      show("waiting");
      poll();
    } else {
      show("join");
    }
  });
})();
