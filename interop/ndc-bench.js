// Data-channel throughput between node-datachannel (libdatachannel/usrsctp) and the SFU, through the browser face
// (docs/performance.md "Data channels"). One participant, data channels only, 64 KiB binary messages paced by
// bufferedAmount (1 MiB high-water mark), after a 2 MiB warm-up:
//   upload  MiB to the SFU on rtcd-echo with protocol "discard", until the echo of a text marker sent after them;
//   echo    MiB echoed by the SFU on rtcd-echo (each byte crosses both ways), until all came back;
//   echo16k the same in 16 KiB messages.
// Usage: node ndc-bench.js '{"url": "ws://127.0.0.1:PORT", "cospace": "room", "tokens": ["<join token>"], "mib": 8}'
// Prints one line: RTCD_NDC {json} with the milliseconds of each phase, then kills itself (see ndc-datachannels.js).
"use strict";

const ndc = require("node-datachannel");
const WebSocket = require("ws");
const crypto = require("crypto");

const cfg = JSON.parse(process.argv[2] || process.env.RTCD_NDC || "{}");
const timeoutMs = cfg.timeoutMs || 15000;
const result = { ok: false, error: null, library: ndc.getLibraryVersion() };

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

function rate(mib, t0) {
  const ms = Date.now() - t0;
  return { mib: mib, ms: ms, mibPerSecond: +(mib / (ms / 1000)).toFixed(2) };
}

async function main() {
  const p = new Peer("alice", cfg.tokens[0]);
  try {
    await p.join();
    const mib = cfg.mib || 16;
    const sink = p.channel("rtcd-echo", { protocol: "discard" });
    await sink.opened;
    const chunk = crypto.randomBytes(64 * 1024);
    // warm-up (JIT on the SFU side): 2 MiB discarded, not measured
    for (let i = 0; i < 32; i++) {
      await sendBinary(sink, chunk);
    }
    sink.dc.sendMessage("warm");
    await until("warm", () => sink.messages.length > 0, 60000);
    sink.messages.length = 0;
    let t0 = Date.now();
    for (let i = 0; i < mib * 16; i++) {
      await sendBinary(sink, chunk);
    }
    sink.dc.sendMessage("done");
    await until("done", () => sink.messages.length > 0, 60000);
    result.upload = rate(mib, t0);
    const echo = p.first;
    t0 = Date.now();
    let got = 0;
    echo.dc.onMessage((m) => { got += asBuffer(m).length; });
    for (let i = 0; i < mib * 16; i++) {
      await sendBinary(echo, chunk);
    }
    await until("echo", () => got >= mib * 1048576, 60000);
    result.echo = rate(mib, t0);
    const small = p.channel("rtcd-echo");
    await small.opened;
    t0 = Date.now();
    got = 0;
    small.dc.onMessage((m) => { got += asBuffer(m).length; });
    const s16 = crypto.randomBytes(16 * 1024);
    for (let i = 0; i < 64 * mib; i++) {
      await sendBinary(small, s16);
    }
    await until("echo16", () => got >= mib * 1048576, 60000);
    result.echo16k = rate(mib, t0);
    result.ok = true;
  } catch (err) {
    result.error = String(err && err.message ? err.message : err);
  }
  console.log("RTCD_NDC " + JSON.stringify(result));
  process.stdout.write("", () => process.kill(process.pid, "SIGKILL"));
}

setTimeout(() => {
  result.error = result.error || "overall timeout";
  console.log("RTCD_NDC " + JSON.stringify(result));
  process.exit(1);
}, timeoutMs * 3).unref();

main();
