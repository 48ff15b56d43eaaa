package io.rtcd.service.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Body of {@code POST /unregister} (rtcd-spec §2). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientRef(String clientID) {}
