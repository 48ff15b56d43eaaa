package io.rtcd.auth;

import java.util.regex.Pattern;

/** The client ID rule: 1 to 64 characters of {@code [A-Za-z0-9_.-]} (stricter than rtcd, which takes any string). */
final class ClientIds {
    static final int MAX_LENGTH = 64;
    static final String RULE = "clientID must be 1 to " + MAX_LENGTH + " characters of [A-Za-z0-9_.-]";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_LENGTH + "}");

    private ClientIds() {}

    static boolean isValid(String clientId) {
        return clientId != null && VALID.matcher(clientId).matches();
    }
}
