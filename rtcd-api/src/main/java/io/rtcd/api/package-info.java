/**
 * rtcd's HTTP(S) API server on Jetty 12 core (no servlets): {@link io.rtcd.api.ApiServer} routes {@code METHOD
 * /path/{wildcard}} patterns to {@link io.rtcd.api.ApiHandler}s, mounts raw Jetty handlers by prefix (WebSocket
 * upgrade), answers every error as {@code {"error": "...", "code": "<status>"}}, and serves Prometheus metrics through
 * {@link io.rtcd.api.MetricsHandler}.
 *
 * <p>Threads: handlers run on the {@code rtcd-http} {@link org.eclipse.jetty.util.thread.QueuedThreadPool} and may
 * block. This package depends on no other rtcd module.
 */
package io.rtcd.api;
