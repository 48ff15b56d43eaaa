// rtcd data-channel check (docs/operations.md "Data channels"): joins the token's cospace through the browser face
// with data channels only, then, by ?mode=:
//   matrix  byte-exact checks against the SFU's rtcd-echo channel: 1 MiB reliable ordered in 16 KiB messages, an
//           unordered maxRetransmits:0 channel, one 256 KiB message, five channels opened and closed (three by this
//           page, two by the server: RFC 6525 stream reset) and a channel reopened on a freed stream id;
//   relay   sends stamped binary and text messages on label "relay-test" and checks what the other participants relay;
//   bench   throughput to the SFU (rtcd-echo, protocol "discard") and round-trip latency on the data channel and on
//           the WebSocket.
// Results are on window.rtcdStats and logged as "RTCD_STATS {json}" (headless tests read the browser console).
"use strict";

const params = new URLSearchParams(location.search);
const mode = params.get("mode") || "matrix";
const out = { mode: mode, state: "idle", sessionId: null, done: false, ok: null, checks: {}, error: null };
window.rtcdStats = out;
let ws = null;
let pc = null;
const wsWaiters = [];

function report() {
  console.log("RTCD_STATS " + JSON.stringify(out));
  document.getElementById("result").textContent = JSON.stringify(out, null, 2);
}

function setState(s) {
  out.state = s;
  document.getElementById("status").textContent = s;
  report();
}

function cospaceOf(token) {
  const part = token.split(".")[1] || "";
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  return JSON.parse(json).cospace;
}

function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout: " + what)), ms))]);
}

function nextWs(pred, ms, what) {
  return withTimeout(new Promise((resolve) => wsWaiters.push({ pred: pred, resolve: resolve })), ms, what);
}

function onWs(msg) {
  for (let i = 0; i < wsWaiters.length; i++) {
    if (wsWaiters[i].pred(msg)) {
      const w = wsWaiters.splice(i, 1)[0];
      w.resolve(msg);
      return;
    }
  }
  if (msg.type === "offer") {
    // another participant's media: answer so the session stays healthy (data-only pages never play it)
    (async () => {
      await pc.setRemoteDescription({ type: "offer", sdp: msg.sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      ws.send(JSON.stringify({ type: "answer", sdp: pc.localDescription.sdp }));
    })();
  }
}

function opened(dc) {
  if (dc.readyState === "open") {
    return Promise.resolve(dc);
  }
  return withTimeout(new Promise((resolve, reject) => {
    dc.addEventListener("open", () => resolve(dc));
    dc.addEventListener("close", () => reject(new Error(dc.label + " closed before open")));
  }), 10000, "open " + dc.label);
}

function closed(dc) {
  if (dc.readyState === "closed") {
    return Promise.resolve(dc);
  }
  return withTimeout(new Promise((resolve) => dc.addEventListener("close", () => resolve(dc))), 10000, "close " + dc.id);
}

function channel(label, init) {
  const dc = pc.createDataChannel(label, init || {});
  dc.binaryType = "arraybuffer";
  return dc;
}

function randomBytes(n) {
  const b = new Uint8Array(n);
  for (let off = 0; off < n; off += 65536) {
    crypto.getRandomValues(b.subarray(off, Math.min(n, off + 65536)));
  }
  return b;
}

function equalBytes(a, b) {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

function concat(parts) {
  let n = 0;
  parts.forEach((p) => { n += p.length; });
  const all = new Uint8Array(n);
  let off = 0;
  parts.forEach((p) => { all.set(p, off); off += p.length; });
  return all;
}

// FNV-1a over the bytes: a short fingerprint for the report (equality itself is checked byte by byte).
function fnv(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

async function send(dc, data, high) {
  const limit = high || 1024 * 1024;
  if (dc.bufferedAmount > limit) {
    dc.bufferedAmountLowThreshold = limit / 4;
    await withTimeout(new Promise((resolve) => {
      dc.onbufferedamountlow = () => { dc.onbufferedamountlow = null; resolve(); };
    }), 20000, "buffered amount low");
  }
  dc.send(data);
}

// Collects binary messages until `bytes` arrived.
function collect(dc, bytes, ms) {
  const parts = [];
  let got = 0;
  return withTimeout(new Promise((resolve) => {
    dc.onmessage = (e) => {
      const b = new Uint8Array(e.data);
      parts.push(b);
      got += b.length;
      if (got >= bytes) {
        resolve(parts);
      }
    };
  }), ms, "receive " + bytes + " bytes on " + dc.label);
}

async function join() {
  const token = params.get("token") || "";
  const cospace = cospaceOf(token);
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  ws = new WebSocket(scheme + "//" + location.host + "/realtime/connect/" + encodeURIComponent(cospace) +
    "?token=" + encodeURIComponent(token));
  ws.onmessage = (e) => onWs(JSON.parse(e.data));
  const welcome = await nextWs((m) => m.type === "welcome", 10000, "welcome");
  out.sessionId = welcome.sessionId;
  pc = new RTCPeerConnection({ iceServers: [] });
  const first = channel("rtcd-echo");
  await pc.setLocalDescription(await pc.createOffer());
  const answer = nextWs((m) => m.type === "answer", 10000, "answer");
  ws.send(JSON.stringify({ type: "offer", sdp: pc.localDescription.sdp }));
  await pc.setRemoteDescription({ type: "answer", sdp: (await answer).sdp });
  await opened(first);
  out.maxMessageSize = pc.sctp ? pc.sctp.maxMessageSize : null;
  return first;
}

async function reliable(echo) {
  const t0 = performance.now();
  const sent = [];
  for (let i = 0; i < 64; i++) {
    sent.push(randomBytes(16 * 1024));
  }
  const done = collect(echo, 1024 * 1024, 20000);
  for (const m of sent) {
    await send(echo, m);
  }
  const got = await done;
  const a = concat(sent);
  const b = concat(got);
  out.checks.reliable = {
    bytes: b.length, messages: got.length, exact: equalBytes(a, b), sentHash: fnv(a), receivedHash: fnv(b),
    ms: Math.round(performance.now() - t0),
  };
}

async function unordered() {
  const dc = channel("rtcd-echo", { ordered: false, maxRetransmits: 0 });
  await opened(dc);
  const n = 200;
  const sent = [];
  const got = new Map();
  let outOfOrder = 0;
  let last = -1;
  let bad = 0;
  dc.onmessage = (e) => {
    const b = new Uint8Array(e.data);
    const i = new DataView(e.data).getUint32(0);
    if (i < last) {
      outOfOrder++;
    }
    last = Math.max(last, i);
    if (i >= n || !equalBytes(b, sent[i])) {
      bad++;
    }
    got.set(i, true);
  };
  for (let i = 0; i < n; i++) {
    const b = randomBytes(1024);
    new DataView(b.buffer).setUint32(0, i);
    sent.push(b);
    await send(dc, b);
  }
  const deadline = performance.now() + 5000;
  while (got.size < n && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  out.checks.unordered = {
    ordered: dc.ordered, maxRetransmits: dc.maxRetransmits, sent: n, received: got.size, corrupt: bad,
    outOfOrder: outOfOrder,
  };
  dc.close();
}

async function big(echo) {
  const m = randomBytes(256 * 1024);
  const done = collect(echo, m.length, 20000);
  await send(echo, m);
  const got = await done;
  out.checks.big = { bytes: m.length, messages: got.length, exact: got.length === 1 && equalBytes(m, got[0]) };
}

async function openClose() {
  const dcs = [];
  for (let i = 0; i < 5; i++) {
    dcs.push(channel("rtcd-echo", { protocol: "oc-" + i }));
  }
  await Promise.all(dcs.map(opened));
  const ids = dcs.map((d) => d.id);
  let echoed = 0;
  await Promise.all(dcs.map((d, i) => withTimeout(new Promise((resolve) => {
    d.onmessage = (e) => { if (e.data === "hello " + i) { echoed++; } resolve(); };
    d.send("hello " + i);
  }), 10000, "echo on " + d.id)));
  const closes = dcs.map(closed);
  dcs[0].close();
  dcs[1].close();
  dcs[2].close();
  dcs[3].send("rtcd:close");
  dcs[4].send("rtcd:close");
  await Promise.all(closes);
  // A freed stream id is reused: its SSNs were reset on both sides (RFC 6525 §5.2.2), so ordered delivery restarts.
  const again = channel("rtcd-echo");
  await opened(again);
  const reply = withTimeout(new Promise((resolve) => { again.onmessage = (e) => resolve(e.data); }), 10000, "reopen");
  again.send("again");
  out.checks.openClose = {
    opened: dcs.length, echoed: echoed, closed: dcs.filter((d) => d.readyState === "closed").length,
    ids: ids, reopenedId: again.id, reopenedEcho: (await reply) === "again",
  };
  again.close();
}

async function matrix() {
  const echo = await join();
  setState("joined");
  await reliable(echo);
  setState("reliable done");
  await unordered();
  setState("unordered done");
  await big(echo);
  setState("big done");
  await openClose();
  const c = out.checks;
  out.ok = c.reliable.exact && c.reliable.bytes === 1048576 && c.unordered.corrupt === 0 &&
    c.unordered.received > 0 && c.big.exact && c.openClose.echoed === 5 && c.openClose.closed === 5 &&
    c.openClose.reopenedEcho;
}

function unwrapBinary(buf) {
  const b = new Uint8Array(buf);
  const n = b[0];
  return { sender: new TextDecoder().decode(b.subarray(1, 1 + n)), payload: b.subarray(1 + n) };
}

function unwrapText(s) {
  const i = s.indexOf("\n");
  return { sender: s.slice(0, i), text: s.slice(i + 1) };
}

// Relay payload: 4-byte length-independent FNV of the rest, then the rest (a sequence number and random bytes).
function stamped(seq) {
  const body = randomBytes(2000);
  new DataView(body.buffer).setUint32(0, seq);
  const h = parseInt(fnv(body), 16);
  const m = new Uint8Array(4 + body.length);
  new DataView(m.buffer).setUint32(0, h);
  m.set(body, 4);
  return m;
}

function stampOk(p) {
  if (p.length < 8) {
    return false;
  }
  const h = new DataView(p.buffer, p.byteOffset, 4).getUint32(0);
  return h === parseInt(fnv(p.subarray(4)), 16);
}

async function relay() {
  await join();
  setState("joined");
  const dc = channel("relay-test");
  await opened(dc);
  const from = {};
  out.checks.relay = { from: from, sent: 0 };
  const entry = (s) => from[s] || (from[s] = { binary: 0, text: 0, corrupt: 0 });
  dc.onmessage = (e) => {
    if (typeof e.data === "string") {
      const m = unwrapText(e.data);
      const ok = m.text.startsWith("relay text from " + m.sender + " ");
      entry(m.sender).text += ok ? 1 : 0;
      entry(m.sender).corrupt += ok ? 0 : 1;
    } else {
      const m = unwrapBinary(e.data);
      if (stampOk(m.payload)) {
        entry(m.sender).binary++;
      } else {
        entry(m.sender).corrupt++;
      }
    }
  };
  for (let seq = 0; seq < 50; seq++) {
    dc.send(stamped(seq));
    dc.send("relay text from " + out.sessionId + " " + seq);
    out.checks.relay.sent++;
    const others = Object.keys(from).filter((s) => from[s].binary >= 3 && from[s].text >= 3);
    if (others.length > 0 && !out.done) {
      out.ok = Object.values(from).every((f) => f.corrupt === 0) && !from[out.sessionId];
      out.done = true;
    }
    report();
    await new Promise((r) => setTimeout(r, 200));
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function summary(rtts) {
  const s = rtts.slice().sort((a, b) => a - b);
  return { n: s.length, p50: +percentile(s, 0.5).toFixed(3), p99: +percentile(s, 0.99).toFixed(3),
    max: +s[s.length - 1].toFixed(3) };
}

async function bench() {
  const echo = await join();
  const mib = Number(params.get("mib") || 32);
  const sink = channel("rtcd-echo", { protocol: "discard" });
  await opened(sink);
  out.phase = "tp-start";
  report();
  await new Promise((r) => setTimeout(r, 300));
  const chunk = randomBytes(64 * 1024);
  const t0 = performance.now();
  const marker = withTimeout(new Promise((resolve) => { sink.onmessage = (e) => resolve(e.data); }), 60000, "done");
  for (let i = 0; i < mib * 16; i++) {
    await send(sink, chunk, 4 * 1024 * 1024);
  }
  sink.send("done");
  await marker;
  const ms = performance.now() - t0;
  out.phase = "tp-end";
  out.throughput = { mib: mib, ms: Math.round(ms), mibPerSecond: +(mib / (ms / 1000)).toFixed(2) };
  report();
  const rounds = Number(params.get("rounds") || 300);
  const gapMs = Number(params.get("gapMs") || 10); // probes are spaced (not back to back) on both paths
  const text = "x".repeat(64);
  const dcRtt = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const r = new Promise((resolve) => { echo.onmessage = resolve; });
    echo.send(text);
    await withTimeout(r, 5000, "dc echo");
    dcRtt.push(performance.now() - t);
    await new Promise((w) => setTimeout(w, gapMs));
  }
  const wsRtt = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const r = nextWs((m) => m.type === "error" && m.code === "unknown_type", 5000, "ws reply");
    ws.send(JSON.stringify({ type: "rtt_probe", pad: text }));
    await r;
    wsRtt.push(performance.now() - t);
    await new Promise((w) => setTimeout(w, gapMs));
  }
  out.latency = { dataChannel: summary(dcRtt), webSocket: summary(wsRtt), messageBytes: text.length, gapMs: gapMs };
  out.ok = true;
}

(async () => {
  try {
    if (mode === "relay") {
      await relay();
    } else if (mode === "bench") {
      await bench();
    } else {
      await matrix();
    }
  } catch (e) {
    out.ok = false;
    out.error = String(e && e.message ? e.message : e);
  }
  out.done = true;
  setState(out.ok ? "passed" : "failed");
})();
