// Command peer drives rtcd's /ws backend face with pion/webrtc v3 peers, as Mattermost's plugin and its clients do:
// one publisher per call sending stamped Opus-shaped (and optionally VP8-shaped) RTP, subscribers that offer first
// with recvonly transceivers and count every stamped packet. Many peers run in one process (goroutines), each on its
// own /ws socket or all multiplexed on one. It prints one line "PION_RESULT <json>" on stdout; logs go to stderr.
//
// Modes:
//
//	calls    -rounds R of one call each (-parallel P of them at a time): a publisher, then -subscribers N joining
//	         -join-interval apart; once all receive (or -connect-timeout runs out), every subscriber must get every
//	         packet of a -window.
//	restart  one call; once media flows, subscriber 0 and then the publisher restart ICE with a new offer
//	         (ICERestart); then a second publisher joins and subscriber 1 answers the server's offer with new ICE
//	         credentials; reports the longest arrival gap after each change and the window that follows.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/pion/webrtc/v3"
)

type config struct {
	url, client, key string
	mode             string
	rounds, subs     int
	parallel         int
	joinInterval     time.Duration
	video, mux       bool
	window           time.Duration
	connectTimeout   time.Duration
	giveUp           int
	prefix           string
	verbose          bool
}

type subResult struct {
	Name           string                 `json:"name"`
	Connected      bool                   `json:"connected"`
	Receiving      bool                   `json:"receiving"`
	IceMs          float64                `json:"iceMs"`
	ConnectedMs    float64                `json:"connectedMs"`
	FirstMediaMs   float64                `json:"firstMediaMs"`
	DtlsHandshakes int                    `json:"dtlsHandshakes"`
	ServerOffers   int                    `json:"serverOffers"`
	ClosedByServer bool                   `json:"closedByServer"`
	Error          string                 `json:"error,omitempty"`
	Tracks         map[string]trackResult `json:"tracks"`
	ok             bool
}

type summary struct {
	Rounds       int            `json:"rounds"`
	FailedRounds int            `json:"failedRounds"`
	Subscribers  int            `json:"subscribers"`
	Failed       int            `json:"failed"`
	NotConnected int            `json:"notConnected"`
	Expected     map[string]int `json:"expected"`
	Received     map[string]int `json:"received"`
	ConnectedMs  map[string]int `json:"connectedMs"` // p50, p95, max of join -> ICE + DTLS connected
	Failures     []subResult    `json:"failures"`
	Publishers   []subResult    `json:"failedPublishers"`
}

var logMu sync.Mutex

func main() {
	c := config{}
	flag.StringVar(&c.url, "url", "", "the server's /ws URL, e.g. ws://127.0.0.1:8045/ws")
	flag.StringVar(&c.client, "client", "", "registered client ID (Basic auth user)")
	flag.StringVar(&c.key, "key", "", "the client's auth key (Basic auth password)")
	flag.StringVar(&c.mode, "mode", "calls", "calls | restart")
	flag.IntVar(&c.rounds, "rounds", 1, "calls: number of calls, one after the other")
	flag.IntVar(&c.parallel, "parallel", 1, "calls: how many calls run at the same time")
	flag.IntVar(&c.subs, "subscribers", 5, "subscribers per call")
	flag.DurationVar(&c.joinInterval, "join-interval", 20*time.Millisecond, "time between subscriber joins")
	flag.BoolVar(&c.video, "video", false, "the publisher also sends VP8-shaped video; subscribers expect it")
	flag.BoolVar(&c.mux, "mux", false, "all sessions on one /ws socket (else one socket per session)")
	flag.DurationVar(&c.window, "window", time.Second, "measurement window")
	flag.DurationVar(&c.connectTimeout, "connect-timeout", 10*time.Second, "wait for subscribers to receive")
	flag.IntVar(&c.giveUp, "give-up", 0, "calls: stop after this many failed rounds (0: never)")
	flag.StringVar(&c.prefix, "prefix", fmt.Sprintf("pion%d", os.Getpid()), "prefix of call and session IDs")
	flag.BoolVar(&c.verbose, "v", false, "log progress to stderr")
	flag.Parse()
	if c.url == "" || c.client == "" || c.key == "" || c.subs < 1 || c.rounds < 1 || c.parallel < 1 {
		fmt.Fprintln(os.Stderr, "usage: peer -url ws://host:port/ws -client ID -key KEY [flags]")
		flag.PrintDefaults()
		os.Exit(2)
	}
	api, err := newAPI()
	if err != nil {
		fatal("pion: %v", err)
	}
	var out interface{}
	switch c.mode {
	case "calls":
		out = runCalls(api, c)
	case "restart":
		out = runRestart(api, c)
	default:
		fatal("unknown mode %q", c.mode)
	}
	b, _ := json.Marshal(out)
	fmt.Printf("PION_RESULT %s\n", b)
}

func fatal(format string, args ...interface{}) {
	b, _ := json.Marshal(map[string]string{"error": fmt.Sprintf(format, args...)})
	fmt.Printf("PION_RESULT %s\n", b)
	os.Exit(1)
}

func (c config) logf(format string, args ...interface{}) {
	if c.verbose {
		logMu.Lock()
		fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05.000 ")+format+"\n", args...)
		logMu.Unlock()
	}
}

// call is one call's peers and their /ws sockets.
type call struct {
	c      config
	api    *webrtc.API
	id     string
	shared *wsConn // -mux
	pub    *peer
	pub2   *peer // restart: the publisher whose join makes the server offer
	subs   []*peer
}

func (k *call) newPeer(name string, publisher bool) *peer {
	p := &peer{
		name: name, call: k.id, user: "user-" + name, session: k.id + "-" + name, publisher: publisher,
		withVideo: publisher && k.c.video, log: k.c.logf,
	}
	p.source = k.id + "-pub"
	p.kinds = []webrtc.RTPCodecType{webrtc.RTPCodecTypeAudio}
	if k.c.video {
		p.kinds = append(p.kinds, webrtc.RTPCodecTypeVideo)
	}
	return p
}

// connect gives the peer its socket (the shared one, or its own) and starts it.
func (k *call) connect(p *peer) error {
	if k.shared != nil {
		p.ws = k.shared
	} else {
		ws, err := dialWs(k.c.url, k.c.client, k.c.key, k.c.connectTimeout)
		if err != nil {
			return err
		}
		p.ws, p.ownWs = ws, true
	}
	return p.start(k.api)
}

// setUp joins the publisher, waits until it is connected and publishing, then joins the subscribers
// join-interval apart and waits until all receive, fail, or connect-timeout passes after the last join.
func (k *call) setUp() error {
	k.pub = k.newPeer("pub", true)
	if err := k.connect(k.pub); err != nil {
		k.pub.fail("%v", err)
		return err
	}
	if !waitFor(k.c.connectTimeout, func() bool { return k.pub.connected.Load() != 0 || k.pub.failure() != "" }) ||
		k.pub.failure() != "" {
		k.pub.fail("publisher not connected after %v", k.c.connectTimeout)
		return fmt.Errorf("publisher: %s", k.pub.failure())
	}
	go k.pub.publish()
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < k.c.subs; i++ {
		s := k.newPeer(fmt.Sprintf("sub%d", i), false)
		k.subs = append(k.subs, s)
		if d := time.Until(start.Add(time.Duration(i) * k.c.joinInterval)); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := k.connect(s); err != nil {
				s.fail("%v", err)
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(k.c.connectTimeout)
	for _, s := range k.subs {
		if s.pc == nil {
			continue
		}
		select {
		case <-s.receiving:
		case <-time.After(time.Until(deadline)):
		}
	}
	k.c.logf("%s: set up in %v", k.id, time.Since(start))
	return nil
}

// measure returns the publisher's counters before and after one window, then waits for stragglers
// (retransmissions answer NACKs within a few round trips).
func (k *call) measure(window time.Duration) (a0, a1, v0, v1 uint32) {
	a0, v0 = k.pub.audioNext.Load(), k.pub.videoNext.Load()
	time.Sleep(window)
	a1, v1 = k.pub.audioNext.Load(), k.pub.videoNext.Load()
	time.Sleep(300 * time.Millisecond)
	return
}

func (k *call) result(s *peer, a0, a1, v0, v1 uint32) subResult {
	r := subResult{
		Name: k.id + "/" + s.name, Connected: s.connected.Load() != 0,
		IceMs: ms(s.iceConnected.Load()), ConnectedMs: ms(s.connected.Load()),
		DtlsHandshakes: int(s.dtlsConnects.Load()), ServerOffers: int(s.serverOffers.Load()),
		ClosedByServer: s.closedByServer.Load(), Error: s.failure(), Tracks: map[string]trackResult{},
	}
	select {
	case <-s.receiving:
		r.Receiving = true
	default:
	}
	r.ok = r.Connected && r.Receiving && r.Error == ""
	for _, kind := range s.kinds {
		t := s.track(kind)
		if t == nil {
			t = newTrackStats()
		}
		var tr trackResult
		if kind == webrtc.RTPCodecTypeAudio {
			tr = t.window(a0, a1)
		} else {
			tr = t.window(v0, v1)
		}
		if r.FirstMediaMs == 0 && !t.first.IsZero() {
			r.FirstMediaMs = float64(t.first.Sub(s.joined).Microseconds()) / 1000
		}
		if tr.Missing != 0 || tr.Expected == 0 {
			r.ok = false
		}
		r.Tracks[kind.String()] = tr
	}
	return r
}

func (k *call) leave() {
	var wg sync.WaitGroup
	for _, p := range append([]*peer{k.pub}, k.subs...) {
		if p == nil {
			continue
		}
		wg.Add(1)
		go func(p *peer) {
			defer wg.Done()
			p.leave()
		}(p)
	}
	wg.Wait()
}

func runCalls(api *webrtc.API, c config) summary {
	var shared *wsConn
	if c.mux {
		var err error
		if shared, err = dialWs(c.url, c.client, c.key, c.connectTimeout); err != nil {
			fatal("%v", err)
		}
		defer shared.close()
	}
	sum := summary{Expected: map[string]int{}, Received: map[string]int{}}
	var (
		mu        sync.Mutex
		connected []float64
		wg        sync.WaitGroup
	)
	rounds := make(chan int, c.rounds)
	for round := 0; round < c.rounds; round++ {
		rounds <- round
	}
	close(rounds)
	for lane := 0; lane < c.parallel; lane++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range rounds {
				mu.Lock()
				stop := (c.giveUp > 0 && sum.FailedRounds >= c.giveUp) || (shared != nil && shared.failure() != nil)
				mu.Unlock()
				if stop {
					return
				}
				k := &call{c: c, api: api, id: fmt.Sprintf("%s-c%d", c.prefix, round), shared: shared}
				if err := k.setUp(); err != nil {
					c.logf("%s: %v", k.id, err)
				}
				a0, a1, v0, v1 := k.measure(c.window)
				var subs []subResult
				for _, s := range k.subs {
					subs = append(subs, k.result(s, a0, a1, v0, v1))
				}
				var pub *subResult
				if k.pub.failure() != "" {
					r := k.result(k.pub, 0, 0, 0, 0)
					r.Tracks = nil
					pub = &r
				}
				k.leave()
				mu.Lock()
				sum.add(k.id, pub, subs, &connected, c)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if shared != nil && shared.failure() != nil {
		fatal("shared /ws socket: %v", shared.failure())
	}
	sum.ConnectedMs = percentiles(connected)
	return sum
}

// add counts one round.
func (sum *summary) add(id string, pub *subResult, subs []subResult, connected *[]float64, c config) {
	sum.Rounds++
	failed := pub != nil
	if pub != nil {
		sum.Publishers = append(sum.Publishers, *pub)
	}
	for _, r := range subs {
		sum.Subscribers++
		for kind, t := range r.Tracks {
			sum.Expected[kind] += t.Expected
			sum.Received[kind] += t.Received
		}
		if r.Connected {
			*connected = append(*connected, r.ConnectedMs)
		} else {
			sum.NotConnected++
		}
		if !r.ok {
			sum.Failed++
			failed = true
			if len(sum.Failures) < 20 {
				sum.Failures = append(sum.Failures, r)
			}
		}
	}
	if failed {
		sum.FailedRounds++
		c.logf("%s: failed (%d subscribers failed so far)", id, sum.Failed)
	}
}

type restartResult struct {
	Who               string      `json:"who"`
	AnswerMs          float64     `json:"answerMs"`
	Error             string      `json:"error,omitempty"`
	UfragBefore       string      `json:"ufragBefore"`
	UfragAfter        string      `json:"ufragAfter"`
	ServerUfragBefore string      `json:"serverUfragBefore"`
	ServerUfragAfter  string      `json:"serverUfragAfter"`
	StallMs           float64     `json:"stallMs"` // longest arrival gap at any affected receiver after the offer
	ConnectedAfter    bool        `json:"connectedAfter"`
	Window            trackResult `json:"window"` // audio, summed over the affected receivers, after resuming
}

type restartOutput struct {
	Setup       []subResult     `json:"setup"`
	Restarts    []restartResult `json:"restarts"`
	Subscribers []subResult     `json:"subscribers"`
	Publisher   subResult       `json:"publisher"`
}

// runRestart: one call; subscriber 0 restarts ICE, then the publisher does.
func runRestart(api *webrtc.API, c config) restartOutput {
	k := &call{c: c, api: api, id: c.prefix + "-restart"}
	out := restartOutput{}
	if err := k.setUp(); err != nil {
		fatal("%v", err)
	}
	a0, a1, v0, v1 := k.measure(c.window)
	for _, s := range k.subs {
		out.Setup = append(out.Setup, k.result(s, a0, a1, v0, v1))
	}
	out.Restarts = append(out.Restarts, k.restart(k.subs[0], []*peer{k.subs[0]}))
	out.Restarts = append(out.Restarts, k.restart(k.pub, k.subs))
	if len(k.subs) > 1 {
		out.Restarts = append(out.Restarts, k.answerRestart(k.subs[1]))
	}
	a0, a1, v0, v1 = k.measure(c.window)
	for _, s := range k.subs {
		out.Subscribers = append(out.Subscribers, k.result(s, a0, a1, v0, v1))
	}
	out.Publisher = k.result(k.pub, 0, 0, 0, 0)
	out.Publisher.Tracks = nil
	k.leave()
	if k.pub2 != nil {
		k.pub2.leave()
	}
	return out
}

// answerRestart: a second publisher joins; the server offers its track to sub, whose answer carries new ICE
// credentials.
func (k *call) answerRestart(sub *peer) restartResult {
	sub.restartInAnswer.Store(true)
	before := sub.serverOffers.Load()
	return k.change(sub, []*peer{sub}, "answer:"+sub.name, func() error {
		k.pub2 = k.newPeer("pub2", true)
		k.pub2.withVideo = false
		if err := k.connect(k.pub2); err != nil {
			return err
		}
		if !waitFor(5*time.Second, func() bool {
			return sub.serverOffers.Load() > before && !sub.restartInAnswer.Load() && sub.answeredUfrag.Load() != nil
		}) {
			return fmt.Errorf("no server offer answered within 5 s of a second publisher's join")
		}
		return nil
	})
}

// restart: who restarts ICE with an offer.
func (k *call) restart(who *peer, receivers []*peer) restartResult {
	return k.change(who, receivers, who.name, func() error {
		done, err := who.offer(true)
		if err == nil {
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				err = fmt.Errorf("no answer to the restart offer within 5 s")
			}
		}
		return err
	})
}

// change runs an ICE credential change of who and measures the receivers' audio from the first publisher.
func (k *call) change(who *peer, receivers []*peer, name string, do func() error) restartResult {
	r := restartResult{Who: name, UfragBefore: who.localUfrag(), ServerUfragBefore: lastServerUfrag(who)}
	t0 := time.Now()
	for _, s := range receivers {
		if t := s.track(webrtc.RTPCodecTypeAudio); t != nil {
			t.measureGaps(t0)
		}
	}
	err := do()
	r.AnswerMs = float64(time.Since(t0).Microseconds()) / 1000
	if err != nil {
		r.Error = err.Error()
	}
	time.Sleep(1500 * time.Millisecond)
	a0, a1, _, _ := k.measure(k.c.window)
	now := time.Now()
	for _, s := range receivers {
		t := s.track(webrtc.RTPCodecTypeAudio)
		if t == nil {
			continue
		}
		g, _ := t.gap(now)
		if ms := float64(g.Microseconds()) / 1000; ms > r.StallMs {
			r.StallMs = ms
		}
		w := t.window(a0, a1)
		r.Window.Expected += w.Expected
		r.Window.Received += w.Received
		r.Window.Missing += w.Missing
		if w.Gaps != "" {
			r.Window.Gaps += s.name + ":" + w.Gaps + " "
		}
	}
	r.UfragAfter, r.ServerUfragAfter = who.localUfrag(), lastServerUfrag(who)
	r.ConnectedAfter = who.pc.ICEConnectionState() == webrtc.ICEConnectionStateConnected
	k.c.logf("%s: restart %+v", who.name, r)
	return r
}

func lastServerUfrag(p *peer) string {
	p.sigMu.Lock()
	defer p.sigMu.Unlock()
	if len(p.serverUfrags) == 0 {
		return ""
	}
	return p.serverUfrags[len(p.serverUfrags)-1]
}

func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return cond()
}

func ms(ns int64) float64 { return float64(ns/1000) / 1000 }

func percentiles(v []float64) map[string]int {
	if len(v) == 0 {
		return map[string]int{}
	}
	sort.Float64s(v)
	at := func(q float64) int { return int(v[int(q*float64(len(v)-1))]) }
	return map[string]int{"p50": at(0.5), "p95": at(0.95), "max": int(v[len(v)-1])}
}
