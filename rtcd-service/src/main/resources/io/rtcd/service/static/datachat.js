// Chat over a WebRTC data channel relayed by the SFU (docs/protocol.md "Data channels"). Loaded before app.js: it
// wraps RTCPeerConnection so that every connection the page makes also opens the relay channel "rtcd-chat". While
// that channel is open, the chat form sends over it instead of the WebSocket (the line is marked "via data channel"),
// and chat relayed from the other participants is shown in #chat-log. The SFU prefixes each relayed text message
// with the sender's session id and a line feed; the rest is this file's JSON {"type":"chat","user","text"} ("user"
// is what the sender claims, the session id is what the SFU vouches for). A token without publish_data (or publish)
// keeps chat on the WebSocket: the SFU would drop its relayed messages.
// Unattended runs: ?dcchat=TEXT sends TEXT once a second over the channel until a chat from someone else arrived and
// it has sent at least three times, twice after that (at most 30 tries).
"use strict";

(() => {
  const LABEL = "rtcd-chat";
  const params = new URLSearchParams(location.search);
  const Native = window.RTCPeerConnection;
  let channel = null;
  let autoTimer = null;

  function stats() {
    const s = window.rtcdStats || (window.rtcdStats = {});
    if (!s.dcChat) {
      s.dcChat = { open: false, sent: 0, received: [] };
    }
    return s.dcChat;
  }

  function claims() {
    try {
      const el = document.getElementById("token");
      const token = (el && el.value) || params.get("token") || "";
      const part = token.split(".")[1] || "";
      const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
      return JSON.parse(json) || {};
    } catch (e) {
      return {};
    }
  }

  function userOf() {
    return claims().sub || "me";
  }

  // The SFU drops relayed messages of a token without publish_data: chat then stays on the WebSocket path.
  function mayPublish() {
    const perms = claims().perms || [];
    return perms.includes("publish") || perms.includes("publish_data");
  }

  function show(from, text) {
    const log = document.getElementById("chat-log");
    if (!log) {
      return;
    }
    const line = document.createElement("div");
    const who = document.createElement("span");
    who.className = "from";
    who.textContent = from;
    const via = document.createElement("span");
    via.className = "tag";
    via.textContent = "via data channel";
    line.appendChild(who);
    line.appendChild(document.createTextNode(text + " "));
    line.appendChild(via);
    log.appendChild(line);
    log.scrollTop = log.scrollHeight;
  }

  function send(text) {
    if (!channel || channel.readyState !== "open" || !text || !mayPublish()) {
      return false;
    }
    channel.send(JSON.stringify({ type: "chat", user: userOf(), text: text }));
    stats().sent += 1;
    show(userOf(), text);
    return true;
  }

  function onMessage(e) {
    if (typeof e.data !== "string") {
      return;
    }
    const nl = e.data.indexOf("\n");
    const sender = e.data.slice(0, nl);
    let m;
    try {
      m = JSON.parse(e.data.slice(nl + 1));
    } catch (err) {
      return;
    }
    if (!m || m.type !== "chat" || typeof m.text !== "string") {
      return;
    }
    const user = typeof m.user === "string" ? m.user : "?";
    stats().received.push({ session: sender, user: user, text: m.text });
    show(user + " (" + sender.slice(0, 6) + ")", m.text);
  }

  // A visible mark next to the chat form while chat goes over the data channel.
  function indicate(on) {
    const form = document.getElementById("chat-form");
    let mark = document.getElementById("dc-chat-indicator");
    if (on && form && !mark && mayPublish()) {
      mark = document.createElement("span");
      mark.id = "dc-chat-indicator";
      mark.className = "tag";
      mark.textContent = "chat via data channel";
      form.appendChild(mark);
    } else if (!on && mark) {
      mark.remove();
    }
  }

  function attach(pc) {
    channel = pc.createDataChannel(LABEL);
    channel.onopen = () => {
      stats().open = true;
      indicate(true);
      const auto = params.get("dcchat");
      if (auto) {
        let tries = 0;
        let sentAfterHeard = 0;
        autoTimer = setInterval(() => {
          // Keep sending until both sides have surely heard each other. A message sent before the other page's
          // channel opened is dropped by the SFU (no_channel), so sends made before anything arrived prove nothing:
          // once a chat has arrived, the sender's channel is open, and a send after that reaches it. So: at least
          // three sends, two of them after the first message received.
          const heard = stats().received.length > 0;
          if ((heard && sentAfterHeard >= 2 && stats().sent >= 3) || ++tries > 30) {
            clearInterval(autoTimer);
            return;
          }
          if (send(auto) && heard) {
            sentAfterHeard += 1;
          }
        }, 1000);
      }
    };
    channel.onclose = () => {
      stats().open = false;
      indicate(false);
      if (autoTimer) {
        clearInterval(autoTimer);
      }
    };
    channel.onmessage = onMessage;
  }

  if (Native) {
    window.RTCPeerConnection = class extends Native {
      constructor(...args) {
        super(...args);
        attach(this);
      }
    };
  }

  // Runs before app.js's own submit handler: while the channel is open the message goes over it, not the socket.
  document.addEventListener("submit", (e) => {
    const input = document.getElementById("chat-input");
    if (!e.target || e.target.id !== "chat-form" || !input || !channel || channel.readyState !== "open" ||
      !mayPublish()) {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    if (send(input.value.trim())) {
      input.value = "";
    }
  }, true);

  window.rtcdDataChat = { send: send };
})();
