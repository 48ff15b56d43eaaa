package io.rtcd.bench.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/** A joined participant's signalling: a browser-face socket ({@link RealtimeSignal}) or a {@code /ws} session. */
interface Signal extends AutoCloseable {
    /** {@code System.nanoTime()} when its socket was upgraded (a session on a shared socket: when it joined). */
    long upgradedNanos();

    /** Leaves (bounded wait); never throws. */
    @Override
    void close();

    /** Sends a close frame on {@code ws} (waits at most 1 s for it), then drops the connection; null: nothing. */
    static void closeSocket(Session ws) {
        if (ws == null) {
            return;
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ws.close(
                StatusCode.NORMAL,
                "bench done",
                Callback.from(() -> closed.complete(null), closed::completeExceptionally));
        try {
            closed.get(1, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // dropped below
        }
        ws.disconnect();
    }
}
