package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v3"
)

// stampMagic ends every stamped payload, followed by nothing: ... | "PION" | counter (uint32 BE).
const stampMagic = 0x50494f4e

// newAPI is pion as a Mattermost client uses it: default codecs and the default interceptors (NACK generator and
// responder, RTCP sender and receiver reports, transport-cc), host candidates on 127.0.0.1 only (the server under
// test advertises 127.0.0.1).
func newAPI() (*webrtc.API, error) {
	m := &webrtc.MediaEngine{}
	if err := m.RegisterDefaultCodecs(); err != nil {
		return nil, err
	}
	ir := &interceptor.Registry{}
	if err := webrtc.RegisterDefaultInterceptors(m, ir); err != nil {
		return nil, err
	}
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	return webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithInterceptorRegistry(ir), webrtc.WithSettingEngine(se)), nil
}

// trackStats counts the stamped packets of one received track.
type trackStats struct {
	mu        sync.Mutex
	seen      []uint64 // bitset of received counters
	received  int
	dup       int
	late      int // arrived after a higher counter
	highest   int64
	first     time.Time
	last      time.Time
	gapFrom   time.Time // arrival gaps are measured from here on (0: not measured)
	maxGap    time.Duration
	maxGapEnd time.Time
}

func newTrackStats() *trackStats { return &trackStats{highest: -1} }

func (t *trackStats) add(counter uint32, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i := int(counter)
	for len(t.seen) <= i/64 {
		t.seen = append(t.seen, 0)
	}
	if t.seen[i/64]&(1<<(i%64)) != 0 {
		t.dup++
		return
	}
	t.seen[i/64] |= 1 << (i % 64)
	t.received++
	if int64(i) < t.highest {
		t.late++
	} else {
		t.highest = int64(i)
	}
	if t.first.IsZero() {
		t.first = now
	}
	if !t.gapFrom.IsZero() {
		from := t.last
		if from.Before(t.gapFrom) {
			from = t.gapFrom
		}
		if g := now.Sub(from); g > t.maxGap {
			t.maxGap, t.maxGapEnd = g, now
		}
	}
	t.last = now
}

// measureGaps starts measuring the longest arrival gap from now on.
func (t *trackStats) measureGaps(now time.Time) {
	t.mu.Lock()
	t.gapFrom, t.maxGap = now, 0
	t.mu.Unlock()
}

// gap is the longest arrival gap since measureGaps, counting the time since the last packet up to now.
func (t *trackStats) gap(now time.Time) (time.Duration, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, end := t.maxGap, t.maxGapEnd
	from := t.last
	if from.Before(t.gapFrom) {
		from = t.gapFrom
	}
	if d := now.Sub(from); d > g {
		g, end = d, now
	}
	return g, end
}

// window reports which counters of [from, to) arrived.
func (t *trackStats) window(from, to uint32) trackResult {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := trackResult{Expected: int(to - from), Dup: t.dup, Late: t.late}
	var gaps []string
	start := -1
	for i := int(from); i <= int(to); i++ {
		has := i < int(to) && i/64 < len(t.seen) && t.seen[i/64]&(1<<(i%64)) != 0
		if i < int(to) && has {
			r.Received++
		}
		if i < int(to) && !has && start < 0 {
			start = i
		}
		if (has || i == int(to)) && start >= 0 {
			if len(gaps) < 8 {
				gaps = append(gaps, fmt.Sprintf("%d-%d", start, i-1))
			}
			start = -1
		}
	}
	r.Missing = r.Expected - r.Received
	r.Gaps = strings.Join(gaps, ",")
	return r
}

type trackResult struct {
	Expected int    `json:"expected"`
	Received int    `json:"received"`
	Missing  int    `json:"missing"`
	Dup      int    `json:"dup"`
	Late     int    `json:"late"`
	Gaps     string `json:"gaps,omitempty"`
}

// peer is one session: a pion PeerConnection whose signalling goes through a /ws connection.
type peer struct {
	name, call, user, session string
	publisher                 bool
	kinds                     []webrtc.RTPCodecType // subscriber: the kinds it must receive
	source                    string                // subscriber: the publisher session counted (msid stream)
	ws                        *wsConn
	ownWs                     bool
	inbox                     chan inbound
	pc                        *webrtc.PeerConnection
	log                       func(format string, args ...interface{})

	joined         time.Time
	iceConnected   atomic.Int64 // ns since joined, first time
	connected      atomic.Int64 // ns since joined (ICE + DTLS), first time
	dtlsConnects   atomic.Int32 // DTLS transport reaching "connected"
	closedByServer atomic.Bool
	leaving        atomic.Bool
	done           chan struct{} // closed when the peer has left
	failed         atomic.Value  // string: first failure

	tracksMu  sync.Mutex
	tracks    map[webrtc.RTPCodecType]*trackStats
	receiving chan struct{} // closed when every expected kind delivered a packet
	recvOnce  sync.Once

	// signalling state, owned by the signalling goroutine
	sigMu         sync.Mutex
	answerWaiters []chan error
	pendingOffers []webrtc.SessionDescription
	serverOffers  atomic.Int32
	serverUfrags  []string
	// restartInAnswer: answer the next server offer with new local ICE credentials, as pion 3.1 does when a
	// re-offer reaches it before its transport started (docs/operations.md "Testing")
	restartInAnswer atomic.Bool
	answeredUfrag   atomic.Value // string: ufrag of the last answer sent

	// publisher
	withVideo            bool
	audio, video         *webrtc.TrackLocalStaticRTP
	audioNext, videoNext atomic.Uint32
	stop                 chan struct{}
}

func (p *peer) fail(format string, args ...interface{}) {
	msg := fmt.Sprintf(format, args...)
	if p.failed.CompareAndSwap(nil, msg) {
		p.log("%s: %s", p.name, msg)
	}
}

func (p *peer) failure() string {
	if s, ok := p.failed.Load().(string); ok {
		return s
	}
	return ""
}

// start joins the call and sends the first offer; it returns once the offer is sent.
func (p *peer) start(api *webrtc.API) error {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return err
	}
	p.pc = pc
	p.tracks = map[webrtc.RTPCodecType]*trackStats{}
	p.receiving = make(chan struct{})
	p.stop = make(chan struct{})
	p.done = make(chan struct{})
	pc.OnICEConnectionStateChange(func(s webrtc.ICEConnectionState) {
		if s == webrtc.ICEConnectionStateConnected {
			p.iceConnected.CompareAndSwap(0, int64(time.Since(p.joined)))
		}
	})
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		switch s {
		case webrtc.PeerConnectionStateConnected:
			p.connected.CompareAndSwap(0, int64(time.Since(p.joined)))
		case webrtc.PeerConnectionStateFailed:
			p.fail("peer connection failed")
		}
	})
	pc.SCTP().Transport().OnStateChange(func(s webrtc.DTLSTransportState) {
		if s == webrtc.DTLSTransportStateConnected {
			p.dtlsConnects.Add(1)
		}
	})
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		b, _ := json.Marshal(c.ToJSON())
		if err := p.ws.rtc(p.call, p.user, p.session, rtcICE, b); err != nil {
			p.fail("sending candidate: %v", err)
		}
	})
	pc.OnTrack(func(t *webrtc.TrackRemote, r *webrtc.RTPReceiver) { go p.receive(t, r) })

	if p.publisher {
		stream := "stream-" + p.session
		if p.audio, err = webrtc.NewTrackLocalStaticRTP(
			webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2}, "audio", stream); err != nil {
			return err
		}
		if err = p.addTrack(p.audio); err != nil {
			return err
		}
		if p.withVideo {
			if p.video, err = webrtc.NewTrackLocalStaticRTP(
				webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000}, "video", stream); err != nil {
				return err
			}
			if err = p.addTrack(p.video); err != nil {
				return err
			}
		}
	} else {
		for _, k := range p.kinds {
			if _, err = pc.AddTransceiverFromKind(k,
				webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionRecvonly}); err != nil {
				return err
			}
		}
	}

	p.inbox = p.ws.register(p.session)
	p.joined = time.Now()
	if err = p.ws.join(p.call, p.user, p.session, "channel-"+p.call); err != nil {
		return err
	}
	if p.video != nil {
		// the camera is announced before it is negotiated, as the plugin relays it: only the announced stream is
		// forwarded as video (docs/protocol.md "/ws", VideoOn)
		on, _ := json.Marshal(map[string]string{"videoStreamID": p.video.StreamID()})
		if err = p.ws.rtc(p.call, p.user, p.session, rtcVideoOn, on); err != nil {
			return err
		}
	}
	go p.signalling()
	_, err = p.offer(false)
	return err
}

func (p *peer) addTrack(t *webrtc.TrackLocalStaticRTP) error {
	s, err := p.pc.AddTrack(t)
	if err != nil {
		return err
	}
	go func() { // RTCP from the server (PLI, NACK, receiver reports) drives the interceptors
		buf := make([]byte, 1500)
		for {
			if _, _, err := s.Read(buf); err != nil {
				return
			}
		}
	}()
	return nil
}

// offer sends a client offer (an ICE restart when restart is set) and returns a channel that yields the result of
// applying the server's answer.
func (p *peer) offer(restart bool) (chan error, error) {
	p.sigMu.Lock()
	defer p.sigMu.Unlock()
	var opts *webrtc.OfferOptions
	if restart {
		opts = &webrtc.OfferOptions{ICERestart: true}
	}
	o, err := p.pc.CreateOffer(opts)
	if err != nil {
		return nil, err
	}
	if err = p.pc.SetLocalDescription(o); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	p.answerWaiters = append(p.answerWaiters, done)
	return done, p.sendSdp(o)
}

func (p *peer) sendSdp(d webrtc.SessionDescription) error {
	p.log("%s: client %s\n%s", p.name, d.Type, d.SDP)
	b, _ := json.Marshal(d)
	return p.ws.rtc(p.call, p.user, p.session, rtcSDP, b)
}

// signalling applies what the server sends: answers to our offers, its own offers (answered at once, as a browser
// client does; one arriving while our offer is outstanding waits for our answer), candidates, and its close.
func (p *peer) signalling() {
	for {
		var in inbound
		select {
		case in = <-p.inbox:
		case <-p.done:
			return
		}
		if in.closed {
			p.closedByServer.Store(true)
			if !p.leaving.Load() {
				p.fail("session closed by the server")
			}
			continue
		}
		m := in.rtc
		switch m.Type {
		case rtcSDP:
			var d webrtc.SessionDescription
			if err := json.Unmarshal(m.Data, &d); err != nil {
				p.fail("bad SDP from server: %v", err)
				continue
			}
			p.onSdp(d)
		case rtcICE:
			var c struct {
				Candidate webrtc.ICECandidateInit `json:"candidate"`
			}
			if err := json.Unmarshal(m.Data, &c); err == nil && c.Candidate.Candidate != "" {
				_ = p.pc.AddICECandidate(c.Candidate)
			}
		}
	}
}

func (p *peer) onSdp(d webrtc.SessionDescription) {
	p.sigMu.Lock()
	defer p.sigMu.Unlock()
	p.serverUfrags = append(p.serverUfrags, ufragOf(d.SDP))
	p.log("%s: server %s\n%s", p.name, d.Type, d.SDP)
	switch d.Type {
	case webrtc.SDPTypeAnswer:
		err := p.pc.SetRemoteDescription(d)
		if err != nil {
			p.fail("applying server answer: %v", err)
		}
		if len(p.answerWaiters) > 0 {
			p.answerWaiters[0] <- err
			p.answerWaiters = p.answerWaiters[1:]
		}
		for len(p.pendingOffers) > 0 && p.pc.SignalingState() == webrtc.SignalingStateStable {
			o := p.pendingOffers[0]
			p.pendingOffers = p.pendingOffers[1:]
			p.answerServer(o)
		}
	case webrtc.SDPTypeOffer:
		if p.leaving.Load() {
			return // e.g. the track removal when the publisher leaves at the same time: the session is ending
		}
		p.serverOffers.Add(1)
		if p.pc.SignalingState() != webrtc.SignalingStateStable {
			p.pendingOffers = append(p.pendingOffers, d)
			return
		}
		p.answerServer(d)
	}
}

func (p *peer) answerServer(o webrtc.SessionDescription) {
	if p.restartInAnswer.CompareAndSwap(true, false) {
		// CreateOffer(ICERestart) restarts the agent (new local credentials, remote ones forgotten) without
		// changing the signalling state; the server's offer then reads as new remote credentials and pion's
		// answer carries new local ones
		if _, err := p.pc.CreateOffer(&webrtc.OfferOptions{ICERestart: true}); err != nil {
			p.fail("restarting ICE for the answer: %v", err)
			return
		}
		// applying the offer restarts the agent again: let this gathering finish first, or pion 3.1's gatherer
		// can close its done channel twice (pion/ice v2 gather.go) and crash the process
		waitFor(2*time.Second, func() bool { return p.pc.ICEGatheringState() == webrtc.ICEGatheringStateComplete })
	}
	if err := p.pc.SetRemoteDescription(o); err != nil {
		p.fail("applying server offer: %v", err)
		return
	}
	a, err := p.pc.CreateAnswer(nil)
	if err == nil {
		err = p.pc.SetLocalDescription(a)
	}
	if err == nil {
		err = p.sendSdp(a)
	}
	if err != nil {
		p.fail("answering server offer: %v", err)
		return
	}
	p.answeredUfrag.Store(ufragOf(a.SDP))
}

// receive counts the stamped packets of one incoming track and reads its RTCP (as the interceptors need).
func (p *peer) receive(t *webrtc.TrackRemote, r *webrtc.RTPReceiver) {
	go func() {
		for {
			if _, _, err := r.ReadRTCP(); err != nil {
				return
			}
		}
	}()
	if p.source != "" && t.StreamID() != p.source {
		for { // another publisher's track: drained, not counted
			if _, _, err := t.Read(make([]byte, 1500)); err != nil {
				return
			}
		}
	}
	p.tracksMu.Lock()
	st := p.tracks[t.Kind()]
	if st == nil {
		st = newTrackStats()
		p.tracks[t.Kind()] = st
	}
	p.tracksMu.Unlock()
	buf := make([]byte, 1500)
	var pkt rtp.Packet
	for {
		n, _, err := t.Read(buf)
		if err != nil {
			return
		}
		if pkt.Unmarshal(buf[:n]) != nil || len(pkt.Payload) < 8 {
			continue
		}
		tail := pkt.Payload[len(pkt.Payload)-8:]
		if binary.BigEndian.Uint32(tail) != stampMagic {
			continue
		}
		st.add(binary.BigEndian.Uint32(tail[4:]), time.Now())
		p.checkReceiving()
	}
}

func (p *peer) checkReceiving() {
	p.tracksMu.Lock()
	all := true
	for _, k := range p.kinds {
		if p.tracks[k] == nil {
			all = false
		}
	}
	p.tracksMu.Unlock()
	if all {
		p.recvOnce.Do(func() { close(p.receiving) })
	}
}

func (p *peer) track(k webrtc.RTPCodecType) *trackStats {
	p.tracksMu.Lock()
	defer p.tracksMu.Unlock()
	return p.tracks[k]
}

// publish sends stamped Opus-shaped packets every 20 ms (and VP8-shaped ones at 30 frames/s) until stop.
func (p *peer) publish() {
	audio := time.NewTicker(20 * time.Millisecond)
	defer audio.Stop()
	var videoC <-chan time.Time
	if p.video != nil {
		v := time.NewTicker(33 * time.Millisecond)
		defer v.Stop()
		videoC = v.C
	}
	abuf := make([]byte, 80)
	abuf[0] = 0xfc // Opus TOC: CELT FB 20 ms, one frame
	vbuf := make([]byte, 900)
	for {
		select {
		case <-p.stop:
			return
		case <-audio.C:
			n := p.audioNext.Load()
			if p.write(p.audio, abuf, n, 960*n, true) {
				p.audioNext.Add(1)
			}
		case <-videoC:
			n := p.videoNext.Load()
			vbuf[0] = 0x10 // VP8 payload descriptor: start of partition 0
			vbuf[1] = 0x01 // inter frame
			if n%60 == 0 {
				vbuf[1] = 0x00
			}
			if p.write(p.video, vbuf, n, 3000*n, true) {
				p.videoNext.Add(1)
			}
		}
	}
}

func (p *peer) write(t *webrtc.TrackLocalStaticRTP, payload []byte, n uint32, ts uint32, marker bool) bool {
	binary.BigEndian.PutUint32(payload[len(payload)-8:], stampMagic)
	binary.BigEndian.PutUint32(payload[len(payload)-4:], n)
	err := t.WriteRTP(&rtp.Packet{
		Header:  rtp.Header{Version: 2, Marker: marker, SequenceNumber: uint16(n), Timestamp: ts},
		Payload: payload,
	})
	if err != nil && !p.leaving.Load() {
		p.fail("writing RTP: %v", err)
		return false
	}
	return true
}

// leave sends leave, waits briefly for the server's close and closes the peer connection.
func (p *peer) leave() {
	if p.stop != nil {
		select {
		case <-p.stop:
		default:
			close(p.stop)
		}
	}
	if p.pc == nil || p.inbox == nil {
		if p.pc != nil {
			_ = p.pc.Close()
		}
		if p.ownWs && p.ws != nil {
			p.ws.close()
		}
		return
	}
	p.leaving.Store(true)
	_ = p.ws.leave(p.session)
	deadline := time.Now().Add(2 * time.Second)
	for !p.closedByServer.Load() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	_ = p.pc.Close()
	p.ws.unregister(p.session)
	close(p.done)
	if p.ownWs {
		p.ws.close()
	}
}

func ufragOf(sdp string) string {
	for _, l := range strings.Split(sdp, "\n") {
		if strings.HasPrefix(l, "a=ice-ufrag:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "a=ice-ufrag:"))
		}
	}
	return ""
}

func (p *peer) localUfrag() string {
	if d := p.pc.CurrentLocalDescription(); d != nil {
		return ufragOf(d.SDP)
	}
	return ""
}
