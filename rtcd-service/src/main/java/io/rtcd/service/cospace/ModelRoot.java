package io.rtcd.service.cospace;

import java.util.regex.Pattern;

/**
 * The scope a cospace hosts: {@code domain::namespace::workspace}. Each part is 1 to {@value #MAX_PART} characters of
 * {@code [A-Za-z0-9_.-]}.
 */
public record ModelRoot(String domain, String namespace, String workspace) {
    static final int MAX_PART = 64;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_PART + "}");
    private static final String SEPARATOR = "::";

    public ModelRoot {
        checkPart("domain", domain);
        checkPart("namespace", namespace);
        checkPart("workspace", workspace);
    }

    /**
     * Parses {@code domain::namespace::workspace}.
     *
     * @throws IllegalArgumentException naming the wrong part
     */
    public static ModelRoot parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("modelRoot is required: \"domain::namespace::workspace\"");
        }
        String[] parts = text.split(SEPARATOR, -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "modelRoot must have three parts \"domain::namespace::workspace\", got " + parts.length);
        }
        return new ModelRoot(parts[0], parts[1], parts[2]);
    }

    private static void checkPart(String name, String value) {
        if (value == null || !PART.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "modelRoot " + name + " must be 1 to " + MAX_PART + " characters of [A-Za-z0-9_.-]");
        }
    }

    @Override
    public String toString() {
        return domain + SEPARATOR + namespace + SEPARATOR + workspace;
    }
}
