package io.rtcd.rtc.sdp;

import java.util.ArrayList;
import java.util.List;

/** Small lexical helpers shared by the attribute records; they throw IllegalArgumentException naming the problem. */
final class SdpText {
    private SdpText() {}

    static int parseInt(String token, int min, int max, String what) {
        if (token.isEmpty() || token.length() > 10) {
            throw new IllegalArgumentException("bad " + what);
        }
        long v = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("non-numeric " + what);
            }
            v = v * 10 + (c - '0');
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " out of range " + min + ".." + max);
        }
        return (int) v;
    }

    static long parseLong(String token, long min, long max, String what) {
        if (token.isEmpty() || token.length() > 19) {
            throw new IllegalArgumentException("bad " + what);
        }
        long v = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("non-numeric " + what);
            }
            v = v * 10 + (c - '0');
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " out of range " + min + ".." + max);
        }
        return v;
    }

    /** Splits on single spaces; an empty token (double space, leading or trailing space) is an error. */
    static List<String> tokens(String value, String what) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int sp = value.indexOf(' ', start);
            String t = sp < 0 ? value.substring(start) : value.substring(start, sp);
            if (t.isEmpty()) {
                throw new IllegalArgumentException("bad " + what + " (empty token)");
            }
            out.add(t);
            if (sp < 0) {
                return out;
            }
            start = sp + 1;
        }
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
