package io.rtcd.api;

/**
 * Handles one routed HTTP request. Called on a thread of the {@code rtcd-http} pool; it may block (for example on
 * bcrypt), which occupies that pool thread.
 *
 * <p>Throw {@link ApiException} to answer with its status and message as rtcd's JSON error shape; any other exception
 * becomes a 500 {@code internal error} (logged server-side, never sent to the client).
 */
@FunctionalInterface
public interface ApiHandler {
    ApiResponse handle(ApiRequest request);
}
