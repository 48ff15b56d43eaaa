package io.rtcd.service.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Body of {@code POST /unregister}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientRef(String clientID) {}
