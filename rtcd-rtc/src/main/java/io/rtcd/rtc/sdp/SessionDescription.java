package io.rtcd.rtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed session description (RFC 8866 §5): v=, o=, s=, the other session-level fields (t=, c=, b=, ...) and the
 * session-level attributes, each in the order written, then the media sections. Immutable and thread-safe.
 *
 * <p>ICE credentials, fingerprint and setup may be at session or media level (RFC 8839 §5.4, RFC 8122 §5); the
 * {@code ...(MediaDescription)} accessors give the effective value for a section: media level, then the BUNDLE-tagged
 * section (RFC 8843 §7.1.3), then session level.
 *
 * @param version the protocol version (v=), always 0
 * @param origin the o= line
 * @param sessionName the s= value ("-" for WebRTC)
 * @param fields non-attribute session lines other than v=, o=, s=, in order
 * @param attributes session-level a= lines, in order
 * @param media the media sections, in order
 */
public record SessionDescription(
        int version,
        Origin origin,
        String sessionName,
        List<SdpField> fields,
        List<Attribute> attributes,
        List<MediaDescription> media) {

    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sessionName, "sessionName");
        fields = List.copyOf(fields);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
        if (version != 0) {
            throw new IllegalArgumentException("unsupported SDP version: " + version);
        }
    }

    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    public Builder toBuilder() {
        Builder b = new Builder(origin);
        b.sessionName = sessionName;
        b.fields.addAll(fields);
        b.attributes.addAll(attributes);
        b.media.addAll(media);
        return b;
    }

    public List<Group> groups() {
        return Attributes.ofType(attributes, Group.class);
    }

    /** The first {@code a=group:BUNDLE}, RFC 8843 §7.1. */
    public Optional<Group> bundleGroup() {
        return groups().stream().filter(Group::isBundle).findFirst();
    }

    /** Session-level {@code a=ice-options} tokens (e.g. "trickle"), RFC 8839 §5.6. */
    public List<String> iceOptions() {
        return Attributes.value(attributes, "ice-options")
                .map(v -> List.of(v.strip().split(" +")))
                .orElse(List.of());
    }

    /** {@code a=ice-lite}, RFC 8839 §5.3. */
    public boolean iceLite() {
        return Attributes.has(attributes, "ice-lite");
    }

    /** Session-level {@code a=extmap-allow-mixed}, RFC 8285 §6. */
    public boolean extmapAllowMixed() {
        return Attributes.has(attributes, "extmap-allow-mixed");
    }

    public List<Fingerprint> fingerprints() {
        return Attributes.ofType(attributes, Fingerprint.class);
    }

    public Optional<Setup> setup() {
        return Attributes.first(attributes, Setup.class);
    }

    public Optional<String> iceUfrag() {
        return Attributes.value(attributes, "ice-ufrag");
    }

    public Optional<String> icePwd() {
        return Attributes.value(attributes, "ice-pwd");
    }

    /**
     * The effective direction of a section: its own attribute, else the session-level one, else sendrecv (RFC 8866
     * §6.7: a session-level direction applies to every media without its own).
     */
    public Direction direction(MediaDescription m) {
        return m.directionAttribute()
                .or(() -> Attributes.first(attributes, Direction.class))
                .orElse(Direction.SENDRECV);
    }

    /**
     * The offerer/answerer-tagged section of the BUNDLE group {@code m} belongs to (the group's first mid, RFC 8843
     * §7.1), which carries the transport attributes shared by the group; {@code m} itself when not bundled.
     */
    public MediaDescription transportSection(MediaDescription m) {
        Optional<String> mid = m.mid();
        if (mid.isEmpty()) {
            return m;
        }
        for (Group g : groups()) {
            if (g.isBundle() && g.mids().contains(mid.get()) && !g.mids().isEmpty()) {
                return mediaByMid(g.mids().get(0)).orElse(m);
            }
        }
        return m;
    }

    /**
     * Fingerprints for a section: its own, else its BUNDLE-tagged section's (RFC 8843 §7.1.3 lets transport
     * attributes appear only there), else session-level ones (RFC 8122 §5).
     */
    public List<Fingerprint> fingerprints(MediaDescription m) {
        if (!m.fingerprints().isEmpty()) {
            return m.fingerprints();
        }
        List<Fingerprint> tagged = transportSection(m).fingerprints();
        return tagged.isEmpty() ? fingerprints() : tagged;
    }

    /** The setup role for a section: its own, else its BUNDLE-tagged section's, else session-level. */
    public Optional<Setup> setup(MediaDescription m) {
        return m.setup().or(() -> transportSection(m).setup()).or(this::setup);
    }

    /** The ICE ufrag for a section: its own, else its BUNDLE-tagged section's, else session-level (RFC 8839 §5.4). */
    public Optional<String> iceUfrag(MediaDescription m) {
        return m.iceUfrag().or(() -> transportSection(m).iceUfrag()).or(this::iceUfrag);
    }

    /** The ICE pwd for a section: its own, else its BUNDLE-tagged section's, else session-level (RFC 8839 §5.4). */
    public Optional<String> icePwd(MediaDescription m) {
        return m.icePwd().or(() -> transportSection(m).icePwd()).or(this::icePwd);
    }

    /** The media section with this mid. */
    public Optional<MediaDescription> mediaByMid(String mid) {
        return media.stream()
                .filter(m -> m.mid().filter(mid::equals).isPresent())
                .findFirst();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Origin origin;
        private String sessionName = "-";
        private final List<SdpField> fields = new ArrayList<>();
        private final List<Attribute> attributes = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();

        private Builder(Origin origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
        }

        public Builder origin(Origin value) {
            this.origin = Objects.requireNonNull(value, "origin");
            return this;
        }

        public Builder sessionName(String value) {
            this.sessionName = value;
            return this;
        }

        public Builder field(SdpField value) {
            fields.add(value);
            return this;
        }

        public Builder attribute(Attribute value) {
            attributes.add(Objects.requireNonNull(value, "attribute"));
            return this;
        }

        public Builder attribute(String key, String value) {
            return attribute(GenericAttribute.of(key, value));
        }

        public Builder flag(String key) {
            return attribute(GenericAttribute.flag(key));
        }

        public Builder media(MediaDescription value) {
            media.add(Objects.requireNonNull(value, "media"));
            return this;
        }

        public SessionDescription build() {
            return new SessionDescription(0, origin, sessionName, fields, attributes, media);
        }
    }
}
