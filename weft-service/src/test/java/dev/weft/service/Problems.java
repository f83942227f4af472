package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Assertions on RFC 9457 problem responses. */
final class Problems {
    private Problems() {}

    /** {@code e} is a problem+json response with {@code status}, and leaks no exception or stack trace. */
    static JsonNode assertProblem(Exchange e, int status) {
        assertThat(e.status()).as("status of %s", e).isEqualTo(status);
        assertThat(e.header("Content-Type")).as("content type of %s", e).contains("application/problem+json");
        JsonNode j = e.json();
        assertThat(j.path("status").asInt()).isEqualTo(status);
        assertThat(j.path("type").asText()).startsWith("/problems/");
        assertThat(j.path("title").asText()).isNotEmpty();
        assertThat(j.path("detail").asText()).isNotEmpty();
        assertThat(e.text()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.");
        return j;
    }
}
