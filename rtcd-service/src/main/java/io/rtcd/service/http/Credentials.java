package io.rtcd.service.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Body of {@code POST /register} and {@code POST /login}. Unknown fields are ignored, as in rtcd. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Credentials(String clientID, String authKey) {}
