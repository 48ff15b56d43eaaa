// rtcd browser face client: one WebSocket (JSON signalling, see docs/protocol.md "Browser face") and one
// RTCPeerConnection. The browser offers first; the server then sends its own offers whenever the set of forwarded
// tracks changes (renegotiation), which we answer.
"use strict";

const params = new URLSearchParams(location.search);
const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
const ui = {
  token: document.getElementById("token"),
  camera: document.getElementById("camera"),
  join: document.getElementById("join"),
  mute: document.getElementById("mute"),
  leave: document.getElementById("leave"),
  status: document.getElementById("status"),
  voice: document.getElementById("voice"),
  local: document.getElementById("local"),
  remote: document.getElementById("remote"),
  // Cospace UI (docs/protocol.md "Cospaces"); the ids are stable hooks for other clients of the page.
  participants: document.getElementById("participants"),
  chatLog: document.getElementById("chat-log"),
  chatForm: document.getElementById("chat-form"),
  chatInput: document.getElementById("chat-input"),
};
ui.chatSend = ui.chatForm.querySelector("button");

let pc = null;
let ws = null;
let localStream = null;
let muted = false;
let statsTimer = null;
let dc = null;
let dcTimer = null;
// The server's error "session_ended" ({reason, message}) when it ended the session itself; "closed" follows.
let ended = null;
// Presence: userId -> participant, in join order (Map keeps insertion order).
const participants = new Map();
let me = null;
// Signalling steps run one after another (an offer may arrive while we are still applying an answer).
let chain = Promise.resolve();

window.rtcdStats = {
  audioPacketsReceived: 0,
  totalAudioEnergy: 0,
  videoFramesDecoded: 0,
  voiceEvents: 0,
  dcPongs: 0,
  participants: 0,
  chatMessages: 0,
  state: "idle",
};

ui.token.value = params.get("token") || hash.get("token") || "";
ui.camera.checked = params.get("camera") === "1";

function setStatus(text) {
  ui.status.textContent = text;
  window.rtcdStats.state = text;
}

function send(msg) {
  if (ws && ws.readyState === WebSocket.OPEN) {
    ws.send(JSON.stringify(msg));
  }
}

function serially(step) {
  chain = chain.then(step).catch((e) => setStatus("error: " + e));
}

// The cospace is inside the token (a JWT): the connect URL needs it.
function cospaceOf(token) {
  const part = token.split(".")[1] || "";
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  return JSON.parse(json).cospace;
}

async function join() {
  const token = ui.token.value.trim();
  if (!token) {
    setStatus("a join token is needed");
    return;
  }
  let cospace;
  try {
    cospace = cospaceOf(token);
  } catch (e) {
    setStatus("the token is not readable");
    return;
  }
  ui.join.disabled = true;
  setStatus("asking for the microphone");
  try {
    localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: ui.camera.checked });
  } catch (e) {
    setStatus("no media: " + e.message);
    ui.join.disabled = false;
    return;
  }
  showLocalVideo();

  pc = new RTCPeerConnection({ iceServers: [] });
  localStream.getTracks().forEach((t) => pc.addTrack(t, localStream));
  pc.ontrack = (e) => attachRemote(e.track, e.streams, e.receiver);
  // rtcd's calls-dc data channel (SCTP over DTLS): a keepalive ping the SFU answers with pong.
  dc = pc.createDataChannel("calls-dc");
  dc.onopen = () => {
    dcTimer = setInterval(() => { if (dc && dc.readyState === "open") { dc.send("ping"); } }, 1000);
  };
  dc.onmessage = (e) => {
    if (e.data === "pong") {
      window.rtcdStats.dcPongs += 1;
    }
  };
  pc.onicecandidate = (e) => {
    if (e.candidate) {
      send({ type: "candidate", candidate: e.candidate.toJSON() });
    }
  };
  pc.onconnectionstatechange = () => {
    setStatus("media " + pc.connectionState);
    if (pc.connectionState === "connected" && !connectedAt) {
      connectedAt = performance.now();
    }
  };

  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const url = scheme + "//" + location.host + "/realtime/connect/" + encodeURIComponent(cospace) +
    "?token=" + encodeURIComponent(token);
  setStatus("connecting");
  ended = null;
  ws = new WebSocket(url);
  // The offer goes as soon as the socket is open, not after welcome: the server joins us before it reads any
  // message (docs/protocol.md "Browser face"), so this saves a round trip.
  ws.onopen = () => serially(sendOffer);
  ws.onmessage = (e) => onMessage(JSON.parse(e.data));
  ws.onclose = (e) => {
    setStatus("disconnected (" + e.code + (e.reason ? " " + e.reason : "") + ")");
    cleanup();
  };
}

function onMessage(msg) {
  if (typeof msg.event === "string") {
    onEvent(msg);
    return;
  }
  switch (msg.type) {
    case "welcome":
      me = msg.userId;
      setChatEnabled((msg.channels || []).some((c) => c.endsWith(".messages")));
      setStatus("joined " + msg.cospace + " as " + msg.userId);
      ui.mute.disabled = false;
      ui.leave.disabled = false;
      startStats();
      if (params.get("restartIceAfterMs")) {
        watchAudio();
      }
      // Unattended runs (demos, tests): ?muteAfterMs=N mutes the microphone N ms after joining.
      if (params.get("muteAfterMs")) {
        setTimeout(() => { if (!muted) { toggleMute(); } }, Number(params.get("muteAfterMs")));
      }
      break;
    case "answer":
      serially(async () => {
        await pc.setRemoteDescription({ type: "answer", sdp: msg.sdp });
        answeredRestart(msg.sdp);
      });
      break;
    case "offer":
      serially(() => answerOffer(msg.sdp));
      break;
    case "voice":
      ui.voice.hidden = !msg.active;
      window.rtcdStats.voiceEvents += 1;
      break;
    case "error":
      onError(msg);
      break;
    case "closed":
      setStatus(ended ? "ended: " + ended.message + " (" + ended.reason + ")" : "closed: " + msg.reason);
      break;
    default:
      break;
  }
}

// Cospace events: {event, channels, timestamp, payload}.
function onEvent(msg) {
  const p = msg.payload || {};
  switch (msg.event) {
    case "presence.snapshot":
      participants.clear();
      (p.participants || []).forEach((x) => participants.set(x.userId, x));
      renderParticipants();
      break;
    case "participant.joined":
    case "participant.updated":
      participants.set(p.participant.userId, p.participant);
      renderParticipants();
      break;
    case "participant.left":
      participants.delete(p.userId);
      renderParticipants();
      break;
    case "message":
      appendChat(p.userId, p.data && typeof p.data.text === "string" ? p.data.text : JSON.stringify(p.data));
      break;
    case "cospace.closed":
      setStatus("cospace closed: " + p.reason);
      break;
    case "session.replaced":
      setStatus("replaced by a newer session of this user");
      break;
    default:
      break;
  }
}

function renderParticipants() {
  const items = [];
  participants.forEach((x) => {
    const li = document.createElement("li");
    li.textContent = x.userId + (x.userId === me ? " (you)" : "");
    li.dataset.userId = x.userId;
    li.classList.toggle("speaking", !!x.speaking);
    li.classList.toggle("away", !x.connected);
    const tags = [];
    if (x.muted) { tags.push("muted"); }
    if (x.speaking) { tags.push("speaking"); }
    if (x.video) { tags.push("camera"); }
    if (!x.connected) { tags.push("reconnecting"); }
    if (x.activity) { tags.push("in " + x.activity.name); }
    if (tags.length > 0) {
      const span = document.createElement("span");
      span.className = "tag";
      span.textContent = tags.join(", ");
      li.appendChild(span);
    }
    items.push(li);
  });
  ui.participants.replaceChildren(...items);
  window.rtcdStats.participants = participants.size;
}

function appendChat(from, text) {
  const line = document.createElement("div");
  const who = document.createElement("span");
  who.className = "from";
  who.textContent = from;
  line.appendChild(who);
  line.appendChild(document.createTextNode(text));
  ui.chatLog.appendChild(line);
  ui.chatLog.scrollTop = ui.chatLog.scrollHeight;
  window.rtcdStats.chatMessages += 1;
}

function setChatEnabled(on) {
  ui.chatInput.disabled = !on;
  ui.chatSend.disabled = !on;
}

function sendChat(e) {
  e.preventDefault();
  const text = ui.chatInput.value.trim();
  if (!text || !ws || ws.readyState !== WebSocket.OPEN) {
    return;
  }
  send({ type: "publish", channel: "messages", payload: { text: text } });
  appendChat(me || "me", text); // the server relays to the others only
  ui.chatInput.value = "";
}

async function sendOffer() {
  const video = localStream.getVideoTracks();
  if (video.length > 0) {
    // Tells the SFU which stream is the camera (so it is forwarded as video, not taken for a screen share).
    send({ type: "video_on", streamId: localStream.id });
  }
  await pc.setLocalDescription(await pc.createOffer());
  send({ type: "offer", sdp: pc.localDescription.sdp });
}

async function answerOffer(sdp) {
  await pc.setRemoteDescription({ type: "offer", sdp: sdp });
  await pc.setLocalDescription(await pc.createAnswer());
  send({ type: "answer", sdp: pc.localDescription.sdp });
}

function onError(msg) {
  if (msg.code === "glare" && pc && pc.signalingState === "have-local-offer") {
    // The server is the impolite peer: drop our offer; the server's offer follows, then we offer again.
    serially(async () => {
      await pc.setLocalDescription({ type: "rollback" });
      setTimeout(() => serially(sendOffer), 500);
    });
    return;
  }
  if (msg.code === "session_ended") {
    ended = msg;
  }
  setStatus("server error " + msg.code + ": " + msg.message);
}

function showLocalVideo() {
  if (localStream.getVideoTracks().length === 0) {
    return;
  }
  const v = document.createElement("video");
  v.autoplay = true;
  v.muted = true;
  v.playsInline = true;
  v.srcObject = localStream;
  ui.local.appendChild(v);
}

function attachRemote(track, streams, receiver) {
  const stats = window.rtcdStats;
  stats.tracksAdded = (stats.tracksAdded || 0) + 1;
  // The server sets a departed publisher's m-line inactive: the track leaves its stream (removetrack).
  (streams || []).forEach((s) => {
    s.onremovetrack = () => { stats.tracksRemoved = (stats.tracksRemoved || 0) + 1; };
  });
  if (track.kind === "video" && receiver) {
    watchFirstFrame(receiver, performance.now());
  }
  const el = document.createElement(track.kind === "video" ? "video" : "audio");
  el.autoplay = true;
  el.playsInline = true;
  el.srcObject = new MediaStream([track]);
  el.dataset.trackId = track.id;
  ui.remote.appendChild(el);
  // A participant who leaves makes the server set its m-line inactive: the track mutes (it ends only if the
  // transceiver stops). Hide it while muted.
  track.onmute = () => { el.hidden = true; };
  track.onunmute = () => { el.hidden = false; };
  track.onended = () => el.remove();
}

function toggleMute() {
  muted = !muted;
  localStream.getAudioTracks().forEach((t) => { t.enabled = !muted; });
  send({ type: muted ? "mute" : "unmute" });
  ui.mute.textContent = muted ? "Unmute" : "Mute";
}

function leave() {
  send({ type: "leave" });
  cleanup();
  setStatus("left");
}

function cleanup() {
  if (dcTimer) {
    clearInterval(dcTimer);
    dcTimer = null;
  }
  dc = null;
  audioWatch = null;
  pendingRestart = null;
  if (statsTimer) {
    clearInterval(statsTimer);
    statsTimer = null;
  }
  if (pc) {
    pc.close();
    pc = null;
  }
  if (localStream) {
    localStream.getTracks().forEach((t) => t.stop());
    localStream = null;
  }
  ui.local.replaceChildren();
  ui.remote.replaceChildren();
  ui.voice.hidden = true;
  participants.clear();
  renderParticipants();
  setChatEnabled(false);
  ui.join.disabled = false;
  ui.mute.disabled = true;
  ui.leave.disabled = true;
}

// Keyframe on join, one entry per remote video track: firstFrameMs, from when the track could first receive (it
// arrived and the connection is up) to its first decoded frame; keyframeWaitMs, from its first packet to that frame.
let connectedAt = 0;
function watchFirstFrame(receiver, arrivedAt) {
  let done = false;
  let firstPacketAt = 0;
  const poll = setInterval(async () => {
    if (done || !pc || performance.now() - arrivedAt > 20000) {
      clearInterval(poll);
      return;
    }
    let decoded = 0;
    let packets = 0;
    (await receiver.getStats()).forEach((s) => {
      if (s.type === "inbound-rtp") {
        decoded += s.framesDecoded || 0;
        packets += s.packetsReceived || 0;
      }
    });
    const now = performance.now();
    if (packets > 0 && !firstPacketAt) {
      firstPacketAt = now;
    }
    if (decoded > 0 && connectedAt && !done) {
      done = true;
      const stats = window.rtcdStats;
      stats.firstFrameMs = (stats.firstFrameMs || []).concat(Math.round(now - Math.max(arrivedAt, connectedAt)));
      stats.keyframeWaitMs = (stats.keyframeWaitMs || []).concat(Math.round(now - firstPacketAt));
    }
  }, 20);
}

// Summary of what we receive, on window.rtcdStats; in autojoin mode also logged (tests read the browser log).
function startStats() {
  statsTimer = setInterval(async () => {
    if (!pc) {
      return;
    }
    const report = await pc.getStats();
    let packets = 0;
    let energy = 0;
    let frames = 0;
    let receiving = 0;
    pc.getTransceivers().forEach((t) => {
      if (t.currentDirection === "recvonly" || t.currentDirection === "sendrecv") {
        receiving += 1;
      }
    });
    report.forEach((s) => {
      if (s.type === "inbound-rtp" && s.kind === "audio") {
        packets += s.packetsReceived || 0;
        energy += s.totalAudioEnergy || 0;
      } else if (s.type === "inbound-rtp" && s.kind === "video") {
        frames += s.framesDecoded || 0;
      }
    });
    Object.assign(window.rtcdStats, {
      muted: muted,
      audioPacketsReceived: packets,
      totalAudioEnergy: energy,
      videoFramesDecoded: frames,
      remoteTracksActive: receiving,
    });
    if (params.get("autojoin") === "1") {
      console.log("RTCD_STATS " + JSON.stringify(window.rtcdStats));
    }
  }, 1000);
}

// ICE restart (RFC 8445 §9) for tests and demos: window.rtcdRestartIce() calls pc.restartIce() and sends our own
// offer (new ice-ufrag/ice-pwd; the server answers with new ones of its own, DTLS stays). ?restartIceAfterMs=N does
// it N ms after the other side's audio first arrives. Each restart is reported in rtcdStats.iceRestarts: the ufrags
// before and after (ours in the offer, the server's in the answer), how long the answer took, and the longest time
// without a new received audio packet (getStats every 50 ms) from the restart to 3 s after it (maxGapMs), plus
// rtcdStats.audioMaxGapMs: the same over the whole call, from 1 s after the first audio packet on.
const RESTART_WINDOW_MS = 3000;
let pendingRestart = null;
let audioWatch = null;

function iceUfrag(sdp) {
  const m = /a=ice-ufrag:(\S+)/.exec(sdp || "");
  return m ? m[1] : null;
}

window.rtcdRestartIce = () => serially(async () => {
  if (!pc || !pc.remoteDescription) {
    return;
  }
  if (!audioWatch) {
    watchAudio();
  }
  const r = {
    at: performance.now(),
    serverUfragBefore: iceUfrag(pc.remoteDescription.sdp),
    clientUfragBefore: iceUfrag(pc.localDescription && pc.localDescription.sdp),
    packetsAt: audioWatch ? audioWatch.packets : 0,
    maxGapMs: 0,
    done: false,
  };
  window.rtcdStats.iceRestarts = (window.rtcdStats.iceRestarts || []).concat(r);
  pendingRestart = r;
  pc.restartIce();
  await pc.setLocalDescription(await pc.createOffer());
  r.clientUfragAfter = iceUfrag(pc.localDescription.sdp);
  send({ type: "offer", sdp: pc.localDescription.sdp });
});

function answeredRestart(sdp) {
  const r = pendingRestart;
  if (r) {
    pendingRestart = null;
    r.serverUfragAfter = iceUfrag(sdp);
    r.answerMs = Math.round(performance.now() - r.at);
  }
}

// Received audio packets sampled every 50 ms: gaps, and the restart scheduled by ?restartIceAfterMs.
function watchAudio() {
  const w = { packets: 0, firstAt: 0, lastChangeAt: 0, busy: false };
  audioWatch = w;
  window.rtcdStats.audioMaxGapMs = 0;
  const timer = setInterval(async () => {
    if (!pc || audioWatch !== w) {
      clearInterval(timer);
      return;
    }
    if (w.busy) {
      return;
    }
    w.busy = true;
    let packets = 0;
    try {
      (await pc.getStats()).forEach((s) => {
        if (s.type === "inbound-rtp" && s.kind === "audio") {
          packets += s.packetsReceived || 0;
        }
      });
    } finally {
      w.busy = false;
    }
    const now = performance.now();
    // time since the last sample that saw new packets (it may lie before a restart): an upper bound of the gap
    const gap = w.firstAt ? Math.round(now - w.lastChangeAt) : 0;
    (window.rtcdStats.iceRestarts || []).forEach((r) => {
      if (r.done || now < r.at) {
        return;
      }
      r.maxGapMs = Math.max(r.maxGapMs, gap);
      if (now - r.at >= RESTART_WINDOW_MS) {
        r.done = true;
        r.packetsAfter = packets - r.packetsAt;
      }
    });
    if (packets > w.packets) {
      if (!w.firstAt) {
        w.firstAt = now;
        const after = params.get("restartIceAfterMs");
        if (after) {
          setTimeout(() => window.rtcdRestartIce(), Number(after));
        }
      } else if (now - w.firstAt > 1000) {
        window.rtcdStats.audioMaxGapMs = Math.max(window.rtcdStats.audioMaxGapMs, gap);
      }
      w.packets = packets;
      w.lastChangeAt = now;
    }
  }, 50);
}

ui.join.onclick = join;
ui.mute.onclick = toggleMute;
ui.leave.onclick = leave;
ui.chatForm.onsubmit = sendChat;

if (params.get("autojoin") === "1") {
  join();
}
