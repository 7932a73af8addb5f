package dev.herald.core.logs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    private final Redactor on = Redactor.of(true);

    @Test
    void githubTokensOfEveryKindAreMasked() {
        for (String prefix : new String[] {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"}) {
            String token = prefix + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
            assertThat(on.redact("cloning with " + token + " now"))
                    .isEqualTo("cloning with [REDACTED] now");
        }
    }

    @Test
    void bearerTokenIsMaskedButTheWordKept() {
        assertThat(on.redact("Authorization: Bearer eyJhbGciOi.J9x-_y/z+="))
                .isEqualTo("Authorization: Bearer [REDACTED]");
        assertThat(on.redact("bearer abc123")).isEqualTo("bearer [REDACTED]");
    }

    @Test
    void valuesOfPasswordTokenAndSecretAssignmentsAreMasked() {
        assertThat(on.redact("login user=bob password=hunter2 ok")).isEqualTo("login user=bob password=[REDACTED] ok");
        assertThat(on.redact("url?token=abc&x=1")).isEqualTo("url?token=[REDACTED]&x=1");
        assertThat(on.redact("SECRET = 's p a c e'")).isEqualTo("SECRET = [REDACTED]");
        assertThat(on.redact("client_secret=xyz,access_token=\"q\"")).isEqualTo(
                "client_secret=[REDACTED],access_token=[REDACTED]");
    }

    @Test
    void textWithoutSecretsIsReturnedAsTheSameInstance() {
        String s = "Processing webhook for my-org/my-repo; tokens left: 4999; ghost_user";
        assertThat(on.redact(s)).isSameAs(s);
        LogEntry e = LogEntry.builder().message(s).build();
        assertThat(on.redact(e)).isSameAs(e);
    }

    @Test
    void everyStringFieldOfAnEntryIsMaskedNestedExtrasIncluded() {
        LogEntry e = LogLineParser.parse("{\"message\":\"use ghp_abcdefghij\",\"repository\":\"o/r\","
                + "\"error\":{\"traceback\":\"Bearer abc.def\",\"list\":[\"password=x\"]},"
                + "\"api_token\":\"plain-value\",\"token_spend\":12}", LogFormat.JSON_LINES);

        LogEntry r = on.redact(e);

        assertThat(r.message()).isEqualTo("use [REDACTED]");
        assertThat(r.repository()).isEqualTo("o/r");
        assertThat(r.extras().get("error").get("traceback").asText()).isEqualTo("Bearer [REDACTED]");
        assertThat(r.extras().get("error").get("list").get(0).asText()).isEqualTo("password=[REDACTED]");
        assertThat(r.extras().get("api_token").asText()).isEqualTo("[REDACTED]");
        assertThat(r.extras().get("token_spend").intValue()).isEqualTo(12);
        assertThat(e.extras().get("error").get("traceback").asText()).isEqualTo("Bearer abc.def");
        assertThat(r.json()).doesNotContain("ghp_abcdefghij", "abc.def", "plain-value");
    }

    @Test
    void disabledRedactorPassesEverythingThrough() {
        Redactor off = Redactor.of(false);
        assertThat(off.redact("password=x ghp_abcdef")).isEqualTo("password=x ghp_abcdef");
    }
}
