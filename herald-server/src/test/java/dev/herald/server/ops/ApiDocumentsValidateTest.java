package dev.herald.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.testkit.NodeClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API documents Herald serves pass real validators, run offline from {@code test-clients/} (ADR 012): Redocly
 * CLI's linter with {@code test-clients/redocly.yaml} (OpenAPI and AsyncAPI; no errors, no warnings: every operation
 * has a unique operationId), and the AsyncAPI parser that {@code asyncapi validate} runs. Whether the documents
 * match what the server does is {@code ApiDocumentsDriftTest}'s job.
 */
class ApiDocumentsValidateTest {
    private static final Path CLIENTS = Path.of("..", "test-clients").toAbsolutePath().normalize();
    private static final Path DOCS = Path.of("src", "main", "resources", "docs").toAbsolutePath();
    private static final String REDOCLY = "@redocly/cli";
    private static final String ASYNCAPI_PARSER = "@asyncapi/parser";

    @Test
    void openApiHasNoRedoclyErrorOrWarning() throws Exception {
        assertRedoclyClean(DOCS.resolve("openapi.yaml"));
    }

    @Test
    void asyncApiHasNoRedoclyErrorOrWarning() throws Exception {
        assertRedoclyClean(DOCS.resolve("asyncapi.yaml"));
    }

    @Test
    void asyncApiPassesTheAsyncApiParser() throws Exception {
        NodeClients.modules(ASYNCAPI_PARSER);
        Run r = run(List.of("node", "validate-asyncapi.mjs", DOCS.resolve("asyncapi.yaml").toString()));
        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("\"failing\":0");
    }

    /** The validators are live: Redocly refuses a missing operationId, the parser the flow-map comma of issue #14. */
    @Test
    void theValidatorsRefuseBrokenDocuments(@TempDir Path dir) throws Exception {
        NodeClients.modules(REDOCLY, ASYNCAPI_PARSER);
        String openapi = Files.readString(DOCS.resolve("openapi.yaml"));
        Path noId = dir.resolve("openapi.yaml");
        Files.writeString(noId, openapi.replace("      operationId: getHealth\n", ""));
        assertThat(lint(noId).path("problems").findValuesAsText("ruleId")).contains("operation-operationId");

        String asyncapi = Files.readString(DOCS.resolve("asyncapi.yaml"));
        String quoted = "      user:\n        description: 'the user id, URL-encoded (e.g. a wallet address); at most 256 characters'\n";
        assertThat(asyncapi).contains(quoted);
        Path comma = dir.resolve("asyncapi.yaml");
        Files.writeString(comma, asyncapi.replace(quoted, "      user: {description: user id, e.g. a wallet address}\n"));
        Run r = run(List.of("node", "validate-asyncapi.mjs", comma.toString()));
        assertThat(r.exit()).as(r.stdout()).isEqualTo(1);
        assertThat(r.stdout()).contains("\"severity\":\"error\"", "e.g. a wallet address");
    }

    private static void assertRedoclyClean(Path document) throws Exception {
        JsonNode report = lint(document);
        assertThat(report.path("problems")).as(report.toPrettyString()).isEmpty();
        assertThat(report.path("totals").path("errors").asInt()).isZero();
        assertThat(report.path("totals").path("warnings").asInt()).isZero();
    }

    /** Redocly's JSON report on {@code document}, with the rules of test-clients/redocly.yaml. */
    private static JsonNode lint(Path document) throws Exception {
        NodeClients.modules(REDOCLY);
        Run r = run(List.of("node", "node_modules/@redocly/cli/bin/cli.js", "lint", "--config", "redocly.yaml",
                "--format", "json", document.toString()));
        assertThat(r.stdout()).as("redocly printed no report; exit %d: %s", r.exit(), r.stderr()).contains("\"totals\"");
        return new ObjectMapper().readTree(r.stdout().substring(r.stdout().indexOf('{')));
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    /** Runs {@code command} in test-clients/, offline: no telemetry, no update check. */
    private static Run run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("herald-apidocs", ".out");
        Path err = Files.createTempFile("herald-apidocs", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(CLIENTS.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("REDOCLY_TELEMETRY", "off");
            pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
            pb.environment().put("NO_UPDATE_NOTIFIER", "1");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
