package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/vmihailenco/msgpack/v5"
)

// rtc message types of the /ws face (docs/protocol.md "/ws").
const (
	rtcICE     = 1
	rtcSDP     = 2
	rtcVideoOn = 9
)

// rtcMsg is the rtc message map, keys in the order Mattermost's rtcd writes them.
type rtcMsg struct {
	GroupID   string `msgpack:"group_id"`
	UserID    string `msgpack:"user_id"`
	SessionID string `msgpack:"session_id"`
	CallID    string `msgpack:"call_id"`
	Type      int    `msgpack:"type"`
	Data      []byte `msgpack:"data,omitempty"`
}

// inbound is what a session receives from its connection: an rtc message, or the server's close.
type inbound struct {
	rtc    *rtcMsg
	closed bool
}

// wsConn is one backend connection to /ws, as a plugin node holds it: Basic auth with a registered client, a hello
// first, then the signalling of any number of sessions multiplexed by session ID.
type wsConn struct {
	c        *websocket.Conn
	clientID string
	connID   string
	wmu      sync.Mutex
	mu       sync.Mutex
	sessions map[string]chan inbound
	done     chan struct{}
	err      error
}

// dialWs connects and waits for hello.
func dialWs(url, client, key string, timeout time.Duration) (*wsConn, error) {
	d := websocket.Dialer{HandshakeTimeout: timeout}
	h := http.Header{}
	h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(client+":"+key)))
	c, resp, err := d.Dial(url, h)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("dial %s: %w (HTTP %d)", url, err, resp.StatusCode)
		}
		return nil, fmt.Errorf("dial %s: %w", url, err)
	}
	w := &wsConn{c: c, sessions: map[string]chan inbound{}, done: make(chan struct{})}
	_ = c.SetReadDeadline(time.Now().Add(timeout))
	typ, data, err := w.read()
	if err != nil || typ != "hello" {
		_ = c.Close()
		return nil, fmt.Errorf("no hello on %s: type %q, %v", url, typ, err)
	}
	m, _ := data.(map[string]string)
	w.clientID, w.connID = m["clientID"], m["connID"]
	_ = c.SetReadDeadline(time.Time{})
	go w.readLoop()
	return w, nil
}

// send writes one frame: the type as a msgpack string, then the data (nil when absent).
func (w *wsConn) send(typ string, data interface{}) error {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.SetSortMapKeys(true)
	if err := enc.EncodeString(typ); err != nil {
		return err
	}
	if err := enc.Encode(data); err != nil {
		return err
	}
	w.wmu.Lock()
	defer w.wmu.Unlock()
	_ = w.c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return w.c.WriteMessage(websocket.BinaryMessage, buf.Bytes())
}

func (w *wsConn) read() (string, interface{}, error) {
	mt, b, err := w.c.ReadMessage()
	if err != nil {
		return "", nil, err
	}
	if mt != websocket.BinaryMessage {
		return "", nil, nil
	}
	dec := msgpack.NewDecoder(bytes.NewReader(b))
	typ, err := dec.DecodeString()
	if err != nil {
		return "", nil, fmt.Errorf("bad frame: %w", err)
	}
	switch typ {
	case "rtc", "vad":
		var m rtcMsg
		if err := dec.Decode(&m); err != nil {
			return typ, nil, fmt.Errorf("bad %s: %w", typ, err)
		}
		return typ, &m, nil
	default:
		var m map[string]string
		if err := dec.Decode(&m); err != nil {
			return typ, nil, fmt.Errorf("bad %s: %w", typ, err)
		}
		return typ, m, nil
	}
}

func (w *wsConn) readLoop() {
	defer close(w.done)
	for {
		typ, data, err := w.read()
		if err != nil {
			w.mu.Lock()
			w.err = err
			w.mu.Unlock()
			return
		}
		switch typ {
		case "rtc":
			m := data.(*rtcMsg)
			w.deliver(m.SessionID, inbound{rtc: m})
		case "close":
			m := data.(map[string]string)
			w.deliver(m["sessionID"], inbound{closed: true})
		}
	}
}

func (w *wsConn) deliver(session string, in inbound) {
	w.mu.Lock()
	ch := w.sessions[session]
	w.mu.Unlock()
	if ch != nil {
		ch <- in
	}
}

// register routes a session's messages to a channel (before its join is sent).
func (w *wsConn) register(session string) chan inbound {
	ch := make(chan inbound, 64)
	w.mu.Lock()
	w.sessions[session] = ch
	w.mu.Unlock()
	return ch
}

func (w *wsConn) unregister(session string) {
	w.mu.Lock()
	delete(w.sessions, session)
	w.mu.Unlock()
}

func (w *wsConn) join(call, user, session, channel string) error {
	return w.send("join", map[string]interface{}{
		"callID": call, "userID": user, "sessionID": session, "channelID": channel,
		"av1Support": false, "dcSignaling": false,
	})
}

func (w *wsConn) leave(session string) error {
	return w.send("leave", map[string]string{"sessionID": session})
}

func (w *wsConn) rtc(call, user, session string, typ int, data []byte) error {
	return w.send("rtc", &rtcMsg{
		GroupID: w.clientID, UserID: user, SessionID: session, CallID: call, Type: typ, Data: data,
	})
}

func (w *wsConn) close() {
	w.wmu.Lock()
	_ = w.c.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	w.wmu.Unlock()
	select {
	case <-w.done:
	case <-time.After(2 * time.Second):
	}
	_ = w.c.Close()
}

// failure is why the connection's reader stopped (nil while it runs).
func (w *wsConn) failure() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		return nil
	}
	var ce *websocket.CloseError
	if errors.As(w.err, &ce) {
		return fmt.Errorf("closed by server: %d %s", ce.Code, ce.Text)
	}
	return w.err
}
