// node-datachannel (libdatachannel + usrsctp) as a data-channel peer of rtcd, through the browser face
// (docs/protocol.md "Browser face" and "Data channels").
//
// Usage: node ndc-datachannels.js '<json config>'   (or the config in env RTCD_NDC)
//   {"url": "ws://127.0.0.1:PORT", "cospace": "room", "tokens": ["<join token alice>", "<join token bob>"],
//    "listener": "<join token without publish_data>" (optional), "timeoutMs": 15000}
//
// Both participants join with data channels only (no media). Then:
//   echo   (first peer, label rtcd-echo): 1 MiB in 16 KiB binary messages, reliable ordered, byte-exact; one 256 KiB
//          message; 200 x 1 KiB on an unordered maxRetransmits:0 channel (each echo that arrives is byte-exact);
//          five channels opened and closed, three by this peer and two by the server ("rtcd:close", RFC 6525 reset);
//   relay  (both peers, label relay-ndc): 10 stamped binary and 10 text messages each; every one must reach the other
//          peer wrapped with the sender's session id, byte-exact, in order. With "listener", a third participant
//          whose token lacks publish_data sends first on the same label: nothing of it may reach the others, while
//          it receives all 40 of theirs.
// Prints one line: RTCD_NDC {json} with "ok" and the details ("error" on a setup failure), then kills itself.
"use strict";

const ndc = require("node-datachannel");
const WebSocket = require("ws");
const crypto = require("crypto");

const cfg = JSON.parse(process.argv[2] || process.env.RTCD_NDC || "{}");
const timeoutMs = cfg.timeoutMs || 15000;
const result = { ok: false, peers: [], echo: {}, relay: {}, error: null, library: ndc.getLibraryVersion(), ms: {} };
const started = Date.now();

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(what, cond, ms) {
  const deadline = Date.now() + (ms || timeoutMs);
  while (!cond()) {
    if (Date.now() > deadline) {
      throw new Error("timeout waiting for " + what);
    }
    await sleep(5);
  }
}

function asBuffer(msg) {
  return Buffer.isBuffer(msg) ? msg : Buffer.from(msg);
}

/** One participant: a WebSocket to the browser face and one node-datachannel peer connection. */
class Peer {
  constructor(name, token) {
    this.name = name;
    this.token = token;
    this.sessionId = null;
    this.waiters = [];
  }

  async join() {
    const url = cfg.url + "/realtime/connect/" + encodeURIComponent(cfg.cospace) + "?token=" +
      encodeURIComponent(this.token);
    this.ws = new WebSocket(url);
    this.ws.on("message", (data) => this.onWs(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => {
      this.ws.once("open", resolve);
      this.ws.once("error", reject);
    });
    const welcome = await this.next((m) => m.type === "welcome", "welcome");
    this.sessionId = welcome.sessionId;
    this.pc = new ndc.PeerConnection(this.name, { iceServers: [] });
    let offer = null;
    this.pc.onLocalDescription((sdp, type) => {
      if (type === "offer" && offer === null) {
        offer = sdp;
      }
    });
    this.first = this.channel("rtcd-echo"); // creating a channel makes libdatachannel offer (auto-negotiation)
    await until(this.name + " local offer", () => offer !== null);
    const answer = this.next((m) => m.type === "answer", "answer");
    this.ws.send(JSON.stringify({ type: "offer", sdp: offer }));
    this.pc.setRemoteDescription((await answer).sdp, "answer");
    await this.first.opened;
  }

  onWs(m) {
    for (let i = 0; i < this.waiters.length; i++) {
      if (this.waiters[i].pred(m)) {
        this.waiters.splice(i, 1)[0].resolve(m);
        return;
      }
    }
  }

  next(pred, what) {
    return new Promise((resolve, reject) => {
      const w = { pred: pred, resolve: resolve };
      this.waiters.push(w);
      setTimeout(() => reject(new Error(this.name + ": timeout waiting for " + what)), timeoutMs);
    });
  }

  /** A channel with promises for open and close and a queue of received messages. */
  channel(label, init) {
    const dc = this.pc.createDataChannel(label, init || {});
    const c = { dc: dc, label: label, messages: [], closed: false };
    c.opened = new Promise((resolve, reject) => {
      dc.onOpen(resolve);
      dc.onError((e) => reject(new Error(label + ": " + e)));
    });
    c.closedPromise = new Promise((resolve) => dc.onClosed(() => {
      c.closed = true;
      resolve();
    }));
    dc.onMessage((msg) => c.messages.push(msg));
    return c;
  }

  close() {
    try {
      if (this.pc) {
        this.pc.close();
      }
    } catch (e) {
      // already closed
    }
    if (this.ws) {
      this.ws.close();
    }
  }
}

async function sendBinary(c, buf) {
  const dc = c.dc;
  while (dc.bufferedAmount() > 1024 * 1024) {
    await sleep(2);
  }
  dc.sendMessageBinary(buf); // false means "buffered", not refused (libdatachannel); bufferedAmount paces us
}

async function echoChecks(p) {
  const echo = p.first;
  // 1 MiB reliable ordered in 16 KiB messages
  const sent = [];
  for (let i = 0; i < 64; i++) {
    sent.push(crypto.randomBytes(16 * 1024));
  }
  const t0 = Date.now();
  for (const m of sent) {
    await sendBinary(echo, m);
  }
  await until("1 MiB echo", () => echo.messages.reduce((n, m) => n + asBuffer(m).length, 0) >= 1048576);
  const got = Buffer.concat(echo.messages.map(asBuffer));
  result.echo.reliable = {
    bytes: got.length, messages: echo.messages.length, exact: got.equals(Buffer.concat(sent)), ms: Date.now() - t0,
  };
  echo.messages.length = 0;

  // one 256 KiB message
  const big = crypto.randomBytes(256 * 1024);
  await sendBinary(echo, big);
  await until("256 KiB echo", () => echo.messages.length >= 1);
  result.echo.big = { messages: echo.messages.length, exact: asBuffer(echo.messages[0]).equals(big) };
  echo.messages.length = 0;

  // unordered, no retransmissions
  const u = p.channel("rtcd-echo", { unordered: true, maxRetransmits: 0 });
  await u.opened;
  const usent = [];
  for (let i = 0; i < 200; i++) {
    const b = crypto.randomBytes(1024);
    b.writeUInt32BE(i, 0);
    usent.push(b);
    await sendBinary(u, b);
  }
  const deadline = Date.now() + 3000;
  while (u.messages.length < 200 && Date.now() < deadline) {
    await sleep(20);
  }
  let corrupt = 0;
  for (const m of u.messages) {
    const b = asBuffer(m);
    const i = b.readUInt32BE(0);
    if (i >= 200 || !b.equals(usent[i])) {
      corrupt++;
    }
  }
  result.echo.unordered = { sent: 200, received: u.messages.length, corrupt: corrupt };
  u.dc.close();

  // five channels: open, echo, close (three by us, two by the server's stream reset)
  const five = [];
  for (let i = 0; i < 5; i++) {
    five.push(p.channel("rtcd-echo", { protocol: "oc-" + i }));
  }
  await Promise.all(five.map((c) => c.opened));
  five.forEach((c, i) => c.dc.sendMessage("hello " + i));
  await until("five echoes", () => five.every((c) => c.messages.length > 0));
  const echoed = five.filter((c, i) => c.messages[0] === "hello " + i).length;
  five[0].dc.close();
  five[1].dc.close();
  five[2].dc.close();
  five[3].dc.sendMessage("rtcd:close");
  five[4].dc.sendMessage("rtcd:close");
  await until("five closes", () => five.every((c) => c.closed));
  result.echo.openClose = { opened: 5, echoed: echoed, closed: five.filter((c) => c.closed).length };
}

function unwrapBinary(b) {
  const n = b[0];
  return { sender: b.subarray(1, 1 + n).toString("utf8"), payload: b.subarray(1 + n) };
}

function unwrapText(s) {
  const i = s.indexOf("\n");
  return { sender: s.slice(0, i), text: s.slice(i + 1) };
}

async function relayChecks(a, b, listener) {
  const ca = a.channel("relay-ndc");
  const cb = b.channel("relay-ndc");
  const cl = listener ? listener.channel("relay-ndc") : null;
  await Promise.all([ca.opened, cb.opened].concat(cl ? [cl.opened] : []));
  if (cl) {
    for (let i = 0; i < 3; i++) {
      cl.dc.sendMessage("listener " + i);
      await sendBinary(cl, crypto.randomBytes(64));
    }
    await sleep(100); // the listener's messages reach the SFU before the others start (they must be dropped there)
  }
  const sent = new Map(); // sender session -> [binary payloads]
  for (const [p, c] of [[a, ca], [b, cb]]) {
    const bins = [];
    for (let i = 0; i < 10; i++) {
      const m = crypto.randomBytes(100 + i * 700);
      bins.push(m);
      await sendBinary(c, m);
      c.dc.sendMessage("relay " + i + " from " + p.name + " é");
    }
    sent.set(p.sessionId, bins);
  }
  await until("relayed messages", () => ca.messages.length >= 20 && cb.messages.length >= 20 &&
    (!cl || cl.messages.length >= 40));
  if (cl) {
    const senders = {};
    for (const m of cl.messages) {
      const s = typeof m === "string" ? unwrapText(m).sender : unwrapBinary(asBuffer(m)).sender;
      senders[s] = (senders[s] || 0) + 1;
    }
    result.relay.listener = { received: cl.messages.length, senders: senders };
  }
  for (const [p, c, other] of [[a, ca, b], [b, cb, a]]) {
    let binaries = 0;
    let texts = 0;
    let bad = 0;
    for (const m of c.messages) {
      if (typeof m === "string") {
        const t = unwrapText(m);
        if (t.sender === other.sessionId && t.text === "relay " + texts + " from " + other.name + " é") {
          texts++;
        } else {
          bad++;
        }
      } else {
        const u = unwrapBinary(asBuffer(m));
        if (u.sender === other.sessionId && u.payload.equals(sent.get(other.sessionId)[binaries])) {
          binaries++;
        } else {
          bad++;
        }
      }
    }
    result.relay[p.name] = { from: other.sessionId, binary: binaries, text: texts, bad: bad };
  }
}

async function main() {
  const peers = cfg.tokens.map((t, i) => new Peer(["alice", "bob", "carol"][i] || "p" + i, t));
  try {
    for (const p of peers) {
      await p.join();
      result.peers.push({ name: p.name, sessionId: p.sessionId, maxMessageSize: p.pc.maxMessageSize() });
    }
    result.ms.joined = Date.now() - started;
    await echoChecks(peers[0]);
    result.ms.echo = Date.now() - started;
    let listener = null;
    if (cfg.listener) {
      listener = new Peer("carol", cfg.listener);
      await listener.join();
      result.peers.push({ name: "carol", sessionId: listener.sessionId, listener: true });
    }
    await relayChecks(peers[0], peers[1], listener);
    result.ms.relay = Date.now() - started;
    const e = result.echo;
    const r = [result.relay.alice, result.relay.bob];
    result.ok = e.reliable.exact && e.reliable.bytes === 1048576 && e.big.exact && e.unordered.corrupt === 0 &&
      e.unordered.received > 0 && e.openClose.echoed === 5 && e.openClose.closed === 5 &&
      r.every((x) => x && x.binary === 10 && x.text === 10 && x.bad === 0) &&
      (!cfg.listener || result.relay.listener.received === 40);
  } catch (err) {
    result.error = String(err && err.message ? err.message : err);
  }
  console.log("RTCD_NDC " + JSON.stringify(result));
  // No pc.close()/ndc.cleanup(), and no plain exit either: libdatachannel's teardown at exit waits for SCTP and ICE
  // (tens of seconds). The sockets die with the process; the server ends the sessions when the WebSockets close.
  process.stdout.write("", () => process.kill(process.pid, "SIGKILL"));
}

setTimeout(() => {
  result.error = result.error || "overall timeout";
  console.log("RTCD_NDC " + JSON.stringify(result));
  process.exit(1);
}, timeoutMs * 3).unref();

main();
