package io.rtcd.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One registered route: a method and a path pattern whose segments are literals or {@code {name}} wildcards that match
 * exactly one non-empty segment (like Go 1.22 ServeMux patterns without {@code ...}).
 */
record Route(String method, String pattern, List<String> segments, ApiHandler handler) {

    static Route of(String method, String pattern, ApiHandler handler) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
        }
        List<String> segs = split(pattern);
        for (String s : segs) {
            boolean open = s.startsWith("{");
            boolean close = s.endsWith("}");
            if (open != close || (open && s.length() < 3)) {
                throw new IllegalArgumentException("bad wildcard segment '" + s + "' in route pattern " + pattern);
            }
        }
        return new Route(method, pattern, List.copyOf(segs), handler);
    }

    /** Matches {@code pathSegments}, filling {@code params}; returns false (params untouched) on no match. */
    boolean matches(List<String> pathSegments, Map<String, String> params) {
        if (pathSegments.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            String p = pathSegments.get(i);
            if (isWildcard(s)) {
                if (p.isEmpty()) {
                    return false;
                }
            } else if (!s.equals(p)) {
                return false;
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (isWildcard(s)) {
                params.put(s.substring(1, s.length() - 1), pathSegments.get(i));
            }
        }
        return true;
    }

    private static boolean isWildcard(String segment) {
        return segment.startsWith("{");
    }

    /** "/a/b" -> [a, b]; "/" -> [""]; "/a/" -> [a, ""]. */
    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                out.add(path.substring(start));
                return out;
            }
            out.add(path.substring(start, slash));
            start = slash + 1;
        }
    }
}
