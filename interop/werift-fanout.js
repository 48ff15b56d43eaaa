// One werift publisher -> N werift subscribers through rtcd's browser face (docs/protocol.md "Browser face").
//
// Usage: node werift-fanout.js '<json config>'   (or the config in env RTCD_FANOUT)
//   {"url": "ws://127.0.0.1:PORT", "cospace": "room", "publisher": "<join token>", "subscribers": ["<token>", ...],
//    "packets": 200, "intervalMs": 20, "payloadSize": 160, "timeoutMs": 15000,
//    "srtp": ["cm", "gcm", ...]}   // per participant, publisher first: "cm" | "gcm" | "any" (werift default: both)
//
// The publisher joins, connects, and sends an Opus-PT audio track whose payloads are stamped (magic, counter, send
// time, publisher id, then bytes derived from the counter; fixed size). The subscribers join (concurrently) and
// record every packet they receive. Once every subscriber has received something, the next N packets are the
// window: each subscriber must receive every one of them, in order, byte-identical, with consecutive RTP sequence
// numbers and timestamps 960 apart (the SFU rewrites both). Prints one line: RTCD_FANOUT {json}. Exit code 0 when
// the run completed (the verdict is in the JSON), 1 on a setup failure (the JSON then has "error").
"use strict";

const { RTCPeerConnection, MediaStreamTrack, RtpPacket, RtpHeader, useOPUS, useSdesMid } = require("werift");
const WebSocket = require("ws");

const SRTP = { cm: [1], gcm: [7], any: [7, 1] };
const SRTP_NAME = { 1: "AES128_CM_HMAC_SHA1_80", 7: "AEAD_AES_128_GCM" };
const MAGIC = 0x52544344; // "RTCD"
const OPUS_TICKS = 960; // 20 ms at 48 kHz

const cfg = JSON.parse(process.argv[2] || process.env.RTCD_FANOUT || "{}");
const packets = cfg.packets || 200;
const intervalMs = cfg.intervalMs || 20;
const payloadSize = Math.max(cfg.payloadSize || 160, 40);
const timeoutMs = cfg.timeoutMs || 15000;
const started = Date.now();
const participants = [];

function elapsed() {
  return Date.now() - started;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(what, cond, ms) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) {
      throw new Error("timeout waiting for " + what);
    }
    await sleep(10);
  }
}

/** One participant: a WebSocket to the browser face and one werift peer connection. */
class Peer {
  constructor(name, token, srtp) {
    this.name = name;
    this.token = token;
    this.srtp = srtp || "any";
    this.chain = Promise.resolve();
    this.serverOffers = 0;
    this.errors = [];
    this.tracks = 0;
    this.received = []; // {counter, payload, seq, ts, pt, ssrc, at}
    this.pc = new RTCPeerConnection({
      iceServers: [],
      iceUseIpv6: false,
      iceInterfaceAddresses: { udp4: "127.0.0.1" },
      iceAdditionalHostAddresses: ["127.0.0.1"],
      bundlePolicy: "max-bundle",
      codecs: { audio: [useOPUS()], video: [] },
      headerExtensions: { audio: [useSdesMid()], video: [] },
    });
    participants.push(this);
    if (cfg.debug) {
      this.pc.connectionStateChange.subscribe((st) => process.stderr.write(elapsed() + " " + name + " " + st + "\n"));
    }
  }

  /** Opens the socket; resolves on welcome. */
  open() {
    const url = cfg.url + "/realtime/connect/" + encodeURIComponent(cfg.cospace) + "?token=" +
      encodeURIComponent(this.token);
    this.ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      this.ws.on("error", (e) => reject(new Error(this.name + ": socket " + e.message)));
      this.ws.on("close", (code) => { this.closedCode = code; });
      this.ws.on("message", (data) => {
        const msg = JSON.parse(data.toString());
        if (cfg.debug) {
          process.stderr.write(elapsed() + " " + this.name + " <- " + JSON.stringify(msg) + "\n");
        }
        switch (msg.type) {
          case "welcome":
            this.sessionId = msg.sessionId;
            resolve();
            break;
          case "answer":
            this.serially(() => this.pc.setRemoteDescription({ type: "answer", sdp: msg.sdp }));
            break;
          case "offer":
            this.serverOffers++;
            this.serially(async () => {
              await this.pc.setRemoteDescription({ type: "offer", sdp: msg.sdp });
              await this.pc.setLocalDescription(await this.pc.createAnswer());
              this.send({ type: "answer", sdp: this.pc.localDescription.sdp });
            });
            break;
          case "error":
            this.errors.push(msg.code + ": " + msg.message);
            break;
          default:
            break;
        }
      });
    });
  }

  serially(step) {
    this.chain = this.chain.then(step).catch((e) => this.errors.push("local: " + e.message + (cfg.debug ? " transceivers " + JSON.stringify(this.pc.getTransceivers().map((t) => [t.mid, t.kind, t.direction])) : "")));
  }

  send(msg) {
    if (cfg.debug) {
      process.stderr.write(elapsed() + " " + this.name + " -> " + JSON.stringify(msg) + "\n");
    }
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(msg));
    }
  }

  /** The first offer (the client always offers first); restricts the DTLS use_srtp list before DTLS starts. */
  async offer() {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    for (const t of this.pc.dtlsTransports) {
      t.srtpProfiles = SRTP[this.srtp];
    }
    this.send({ type: "offer", sdp: this.pc.localDescription.sdp });
  }

  connected() {
    return this.pc.connectionState === "connected";
  }

  srtpProfile() {
    const t = this.pc.dtlsTransports[0];
    const id = t && t.dtls && t.dtls.srtp ? t.dtls.srtp.srtpProfile : undefined;
    return SRTP_NAME[id] || String(id);
  }

  close() {
    this.send({ type: "leave" });
    try {
      this.ws.close();
    } catch (ignored) {
      // already closed
    }
    return this.pc.close().catch(() => {});
  }
}

function stamp(counter, publisherId, sentAt) {
  const b = Buffer.alloc(payloadSize);
  b.writeUInt32BE(MAGIC, 0);
  b.writeUInt32BE(counter, 4);
  b.writeDoubleBE(sentAt, 8);
  b.write(publisherId.padEnd(24, " ").slice(0, 24), 16, "ascii");
  for (let i = 40; i < payloadSize; i++) {
    b[i] = (counter * 31 + i) & 0xff;
  }
  return b;
}

async function publisherSetup() {
  const pub = new Peer("publisher", cfg.publisher, (cfg.srtp || [])[0]);
  await pub.open();
  const track = new MediaStreamTrack({ kind: "audio" });
  pub.pc.addTransceiver(track, { direction: "sendonly" });
  await pub.offer();
  await until("publisher connected", () => pub.connected(), timeoutMs);
  pub.track = track;
  pub.sent = [];
  return pub;
}

async function subscriberSetup(token, i) {
  const sub = new Peer("sub" + (i + 1), token, (cfg.srtp || [])[i + 1]);
  await sub.open();
  // The client must offer something. Not a receive-only audio section: werift 0.24.4 then loses that transceiver
  // when the server's offer adds its own audio section ("Transceiver with mid=0 not found"). rtcd's calls-dc data
  // channel carries the transport instead, as in a real client.
  sub.pc.createDataChannel("calls-dc");
  const seen = new Set();
  sub.pc.onTrack.subscribe((track) => {
    if (seen.has(track)) {
      return; // werift fires onTrack again for existing receivers on each renegotiation
    }
    seen.add(track);
    sub.tracks++;
    track.onReceiveRtp.subscribe((rtp) => {
      const p = rtp.payload;
      if (p.length < 40 || p.readUInt32BE(0) !== MAGIC) {
        return;
      }
      sub.received.push({
        counter: p.readUInt32BE(4),
        payload: Buffer.from(p),
        seq: rtp.header.sequenceNumber,
        ts: rtp.header.timestamp,
        pt: rtp.header.payloadType,
        ssrc: rtp.header.ssrc,
        at: Date.now(),
      });
    });
  });
  await sub.offer();
  return sub;
}

/** Sends one stamped packet every intervalMs until stopped. */
function startSending(pub) {
  let counter = 0;
  let seq = Math.floor(Math.random() * 0xffff);
  let ts = Math.floor(Math.random() * 0xffffffff);
  const timer = setInterval(() => {
    const sentAt = Date.now();
    const payload = stamp(counter, pub.sessionId, sentAt);
    pub.sent[counter] = payload;
    const header = new RtpHeader({ payloadType: 111, sequenceNumber: seq, timestamp: ts, marker: counter === 0 });
    pub.track.writeRtp(new RtpPacket(header, payload));
    counter++;
    seq = (seq + 1) & 0xffff;
    ts = (ts + OPUS_TICKS) >>> 0;
  }, intervalMs);
  return {
    next: () => counter,
    stop: () => clearInterval(timer),
  };
}

function judge(sub, pub, first, n) {
  const win = sub.received.filter((r) => r.counter >= first && r.counter < first + n);
  let missing = 0;
  let outOfOrder = 0;
  let duplicates = 0;
  let mismatched = 0;
  let seqErrors = 0;
  let tsErrors = 0;
  const got = new Set();
  let maxLatency = 0;
  for (let i = 0; i < win.length; i++) {
    const r = win[i];
    if (got.has(r.counter)) {
      duplicates++;
      continue;
    }
    got.add(r.counter);
    if (i > 0 && r.counter < win[i - 1].counter) {
      outOfOrder++;
    }
    if (!pub.sent[r.counter] || !pub.sent[r.counter].equals(r.payload)) {
      mismatched++;
    }
    if (i > 0) {
      const prev = win[i - 1];
      const dc = r.counter - prev.counter;
      if (((r.seq - prev.seq) & 0xffff) !== (dc & 0xffff)) {
        seqErrors++;
      }
      if (((r.ts - prev.ts) >>> 0) !== ((dc * OPUS_TICKS) >>> 0)) {
        tsErrors++;
      }
    }
    maxLatency = Math.max(maxLatency, r.at - r.payload.readDoubleBE(8));
  }
  for (let c = first; c < first + n; c++) {
    if (!got.has(c)) {
      missing++;
    }
  }
  const pts = [...new Set(win.map((r) => r.pt))];
  const ssrcs = [...new Set(win.map((r) => r.ssrc))];
  return {
    name: sub.name,
    srtp: sub.srtpProfile(),
    tracks: sub.tracks,
    serverOffers: sub.serverOffers,
    received: win.length,
    missing,
    outOfOrder,
    duplicates,
    mismatched,
    seqErrors,
    tsErrors,
    payloadTypes: pts,
    ssrcs: ssrcs.length,
    maxLatencyMs: maxLatency,
    errors: sub.errors,
    ok: win.length === n && missing === 0 && outOfOrder === 0 && duplicates === 0 && mismatched === 0 &&
      seqErrors === 0 && tsErrors === 0 && ssrcs.length === 1 && sub.errors.length === 0,
  };
}

async function main() {
  const pub = await publisherSetup();
  const sender = startSending(pub);
  const joinAt = elapsed();
  const subs = await Promise.all((cfg.subscribers || []).map((t, i) => subscriberSetup(t, i)));
  await until("every subscriber receiving", () => subs.every((s) => s.received.length > 0), timeoutMs);
  const allReceivingMs = elapsed() - joinAt;
  const first = sender.next();
  await until("the window sent", () => sender.next() >= first + packets, timeoutMs + packets * intervalMs);
  sender.stop();
  const last = first + packets - 1;
  // Loopback delivery takes milliseconds; give stragglers a bounded grace.
  await until("the window delivered", () => subs.every((s) => s.received.some((r) => r.counter >= last)), 2000)
    .catch(() => {});
  const results = subs.map((s) => judge(s, pub, first, packets));
  const out = {
    ok: results.every((r) => r.ok) && pub.errors.length === 0,
    packets,
    windowStart: first,
    payloadSize,
    subscribersAllReceivingMs: allReceivingMs,
    publisher: { srtp: pub.srtpProfile(), sent: sender.next(), errors: pub.errors },
    subscribers: results,
    elapsedMs: elapsed(),
  };
  process.stdout.write("RTCD_FANOUT " + JSON.stringify(out) + "\n");
}

async function shutdown() {
  await Promise.race([Promise.allSettled(participants.map((p) => p.close())), sleep(2000)]);
}

const watchdog = setTimeout(() => {
  process.stdout.write("RTCD_FANOUT " + JSON.stringify({ ok: false, error: "watchdog: run exceeded its time" }) + "\n");
  process.exit(1);
}, timeoutMs * 2 + packets * intervalMs + 5000);

main()
  .then(shutdown)
  .then(() => process.exit(0))
  .catch(async (e) => {
    const state = participants.map((p) => ({
      name: p.name, connection: p.pc.connectionState, received: p.received.length, tracks: p.tracks,
      serverOffers: p.serverOffers, errors: p.errors,
    }));
    process.stdout.write("RTCD_FANOUT " + JSON.stringify({ ok: false, error: e.message, state }) + "\n");
    await shutdown();
    process.exit(1);
  })
  .finally(() => clearTimeout(watchdog));
