// Firefox and Chromium in one call: launches each page of the config in its own headless browser (Debian's
// firefox-esr over WebDriver BiDi, Debian's chromium over CDP, both driven by puppeteer-core, fake devices), waits
// until every page is connected (ICE + DTLS), hears (inbound Opus packets and audio energy), sees (decoded video
// frames) and got a data-channel message from every other page, then prints one line
//   RTCD_BROWSERS {"ok":bool,"pages":[{name,browser,version,connection,dtls,pair,audioPackets,audioEnergy,
//                  framesDecoded,dcFrom:[...],...}],"error":...}
// and exits. The pages are rtcd's own (index.html + app.js + datachat.js, ?autojoin=1&camera=1&dcchat=TEXT): their
// state is read with page.evaluate from window.rtcdStats and the page's RTCPeerConnection (app.js's global `pc`).
// A page's "name" must be the user id of its token: the chat a page receives is attributed by the sender's claimed
// user ("dcFrom": ["user:text", ...]), and a page is done when it got a chat from every other page's name.
// Usage: node browsers-call.js '<json>' with
//   {"pages":[{"name","browser":"firefox"|"chromium","url"}], "firefox":"/usr/bin/firefox-esr",
//    "chromium":"/usr/bin/chromium", "timeoutMs":60000, "minAudioPackets":50, "minFrames":20, "profileDir":"/tmp/x"}
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const puppeteer = require("puppeteer-core");

const MARK = "RTCD_BROWSERS ";
const cfg = JSON.parse(process.argv[2] || "{}");
const timeoutMs = cfg.timeoutMs || 60000;
const minAudioPackets = cfg.minAudioPackets || 50;
const minFrames = cfg.minFrames || 20;
const debug = !!cfg.debug;

function log(...a) {
  if (debug) {
    console.error(new Date().toISOString(), ...a);
  }
}

async function launch(kind, profileRoot, name) {
  const userDataDir = fs.mkdtempSync(path.join(profileRoot, kind + "-" + name + "-"));
  if (kind === "firefox") {
    return puppeteer.launch({
      browser: "firefox",
      executablePath: cfg.firefox || "/usr/bin/firefox-esr",
      headless: true,
      userDataDir: userDataDir,
      protocolTimeout: 30000,
      extraPrefsFirefox: {
        "media.navigator.streams.fake": true,
        "media.navigator.permission.disabled": true,
        "media.peerconnection.ice.loopback": true,
        "media.autoplay.default": 0,
        "media.peerconnection.ice.obfuscate_host_addresses": false,
      },
    });
  }
  return puppeteer.launch({
    browser: "chrome",
    executablePath: cfg.chromium || "/usr/bin/chromium",
    headless: true,
    userDataDir: userDataDir,
    protocolTimeout: 30000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      "--autoplay-policy=no-user-gesture-required",
      "--allow-loopback-in-peer-connection",
    ],
  });
}

// Runs in the page: a summary of what it receives and of its transport.
function pageState() {
  /* global pc */
  const s = window.rtcdStats || {};
  const conn = typeof pc !== "undefined" && pc ? pc : null;
  const out = {
    state: s.state,
    connection: conn ? conn.connectionState : "none",
    ice: conn ? conn.iceConnectionState : "none",
    dtls: conn && conn.sctp && conn.sctp.transport ? conn.sctp.transport.state : "unknown",
    dcPongs: s.dcPongs || 0,
    dcFrom: ((s.dcChat && s.dcChat.received) || []).map((r) => r.user + ":" + r.text),
    dcSent: (s.dcChat && s.dcChat.sent) || 0,
  };
  if (!conn) {
    return Promise.resolve(out);
  }
  return conn.getStats().then((report) => {
    let audioPackets = 0;
    let audioEnergy = 0;
    let framesDecoded = 0;
    let pairId = null;
    const pairs = {};
    const cands = {};
    report.forEach((r) => {
      if (r.type === "inbound-rtp" && r.kind === "audio") {
        audioPackets += r.packetsReceived || 0;
        audioEnergy += r.totalAudioEnergy || 0;
      } else if (r.type === "inbound-rtp" && r.kind === "video") {
        framesDecoded += r.framesDecoded || 0;
      } else if (r.type === "transport" && r.selectedCandidatePairId) {
        pairId = r.selectedCandidatePairId;
      } else if (r.type === "candidate-pair") {
        pairs[r.id] = r;
      } else if (r.type === "local-candidate" || r.type === "remote-candidate") {
        cands[r.id] = r;
      }
    });
    let pair = pairId ? pairs[pairId] : null;
    if (!pair) {
      // Firefox has no transport stats: its chosen pair is the one marked selected (or nominated and succeeded).
      pair = Object.values(pairs).find((p) => p.selected) ||
        Object.values(pairs).find((p) => p.nominated && p.state === "succeeded") || null;
    }
    const addr = (c) => (c ? (c.address || c.ip) + ":" + c.port + "/" + c.protocol + "/" + c.candidateType : null);
    Object.assign(out, {
      audioPackets: audioPackets,
      audioEnergy: audioEnergy,
      framesDecoded: framesDecoded,
      pair: pair ? { state: pair.state, local: addr(cands[pair.localCandidateId]), remote: addr(cands[pair.remoteCandidateId]) } : null,
    });
    return out;
  });
}

function done(p) {
  return p.connection === "connected" && p.pair && p.pair.state === "succeeded" &&
    p.audioPackets >= minAudioPackets && p.audioEnergy > 0 && p.framesDecoded >= minFrames;
}

async function main() {
  const profileRoot = cfg.profileDir || fs.mkdtempSync(path.join(os.tmpdir(), "rtcd-browsers-"));
  const browsers = [];
  const result = { ok: false, pages: [], error: null };
  log("start");
  try {
    const pages = [];
    for (const spec of cfg.pages) {
      const b = await launch(spec.browser, profileRoot, spec.name);
      log(spec.name, "launched");
      browsers.push(b);
      const version = await b.version();
      const page = await b.newPage();
      const consoleTail = [];
      page.on("console", (m) => {
        const t = m.text();
        if (!t.startsWith("RTCD_STATS")) {
          consoleTail.push(t);
          if (consoleTail.length > 20) {
            consoleTail.shift();
          }
          log(spec.name, "console:", t);
        }
      });
      page.on("pageerror", (e) => consoleTail.push("pageerror: " + e.message));
      await page.goto(spec.url, { waitUntil: "load", timeout: 30000 });
      log(spec.name, "loaded", version);
      pages.push({ spec: spec, page: page, version: version, consoleTail: consoleTail, last: null });
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const p of pages) {
        p.last = await p.page.evaluate(pageState);
      }
      const names = pages.map((p) => p.spec.name);
      const allDone = pages.every((p) => done(p.last) &&
        names.filter((n) => n !== p.spec.name).every((n) => p.last.dcFrom.some((f) => f.startsWith(n + ":"))));
      log(JSON.stringify(pages.map((p) => [p.spec.name, p.last])));
      if (allDone || Date.now() > deadline) {
        result.ok = allDone;
        if (!allDone) {
          result.error = "timed out after " + timeoutMs + " ms";
        }
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    result.pages = pages.map((p) => Object.assign({ name: p.spec.name, browser: p.spec.browser, version: p.version },
      p.last, result.ok ? {} : { console: p.consoleTail }));
  } catch (e) {
    result.error = String(e && e.stack ? e.stack : e);
  } finally {
    for (const b of browsers) {
      try {
        await Promise.race([b.close(), new Promise((r) => setTimeout(r, 5000))]);
      } catch (e) {
        log("close:", e);
      }
      const proc = b.process();
      if (proc && proc.exitCode === null) {
        proc.kill("SIGKILL");
      }
    }
    log("browsers closed");
    if (!cfg.profileDir) {
      fs.rmSync(profileRoot, { recursive: true, force: true });
    }
  }
  console.log(MARK + JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}

main();
