package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.store.ApiKey;
import dev.herald.core.webhook.HostResolver;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/webhooks}: endpoints of the caller's tenant, validated, secrets shown once and sealed at rest. */
class WebhookEndpointsApiTest {
    private static TestServer server;
    private static HttpApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode create(HttpApiClient api, String body) {
        HttpApiClient.Response r = api.post("/api/v1/webhooks", body, "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void creatingAnEndpointAnswersItsIdAndSecretOnceAndListingNeverShowsTheSecret() {
        JsonNode created = create(admin, """
                {"url":"http://localhost:9/hook","event_types":["signal.detected"],"description":"ops",
                 "notify_email":"ops@example.com"}""");
        String id = created.get("id").asText();
        assertThat(id).startsWith("wh_");
        assertThat(created.get("secret").asText()).startsWith("whsec_");
        assertThat(created.get("event_types").get(0).asText()).isEqualTo("signal.detected");
        assertThat(created.get("notify_email").asText()).isEqualTo("ops@example.com");

        HttpApiClient.Response one = admin.get("/api/v1/webhooks/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("url").asText()).isEqualTo("http://localhost:9/hook");
        assertThat(one.json().has("secret")).isFalse();
        HttpApiClient.Response list = admin.get("/api/v1/webhooks");
        assertThat(list.body()).contains(id).doesNotContain("whsec_");
    }

    @Test
    void patchChangesOnlyTheFieldsSentAndDeleteRemovesTheEndpoint() {
        String id = create(admin, "{\"url\":\"http://localhost:9/a\",\"event_types\":[\"*\"]}").get("id").asText();
        HttpApiClient.Response patched = admin.patch("/api/v1/webhooks/" + id,
                "{\"event_types\":[\"a.b\",\"c\"],\"description\":\"new\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("url").asText()).isEqualTo("http://localhost:9/a");
        assertThat(patched.json().get("event_types").toString()).isEqualTo("[\"a.b\",\"c\"]");
        assertThat(patched.json().get("description").asText()).isEqualTo("new");

        assertThat(admin.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/webhooks/" + id).errorCode()).isEqualTo("not_found");
    }

    @Test
    void anotherTenantsEndpointIsNotFoundOnEveryRoute() {
        String id = create(admin, "{\"url\":\"http://localhost:9/x\",\"event_types\":[\"*\"]}").get("id").asText();
        HttpApiClient other = server.api(server.newKey("other", ApiKey.Scope.ADMIN));
        assertThat(other.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(other.patch("/api/v1/webhooks/" + id, "{\"description\":\"x\"}").status()).isEqualTo(404);
        assertThat(other.post("/api/v1/webhooks/" + id + "/rotate-secret", "", null).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(other.post("/api/v1/webhooks/" + id + "/recover", "{\"since\":\"2020-01-01T00:00:00Z\"}",
                "application/json").status()).isEqualTo(404);
        assertThat(other.delete("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/webhooks").body()).doesNotContain(id);
        assertThat(admin.get("/api/v1/webhooks/" + id).status()).isEqualTo(200);
    }

    @Test
    void badInputIsRefusedWithTheFieldAtFault() {
        assertError(admin.post("/api/v1/webhooks", "{\"url\":", "application/json"), 400, "invalid_json", null);
        assertError(admin.post("/api/v1/webhooks", "{\"event_types\":[\"*\"]}", "application/json"), 400, "invalid_request", "url");
        assertError(admin.post("/api/v1/webhooks", "{\"url\":\"not a url\",\"event_types\":[\"*\"]}", "application/json"),
                400, "invalid_request", "url");
        assertError(admin.post("/api/v1/webhooks", "{\"url\":\"ftp://example.com/x\",\"event_types\":[\"*\"]}",
                "application/json"), 400, "invalid_request", "url");
        assertError(admin.post("/api/v1/webhooks", "{\"url\":\"http://localhost/x\"}", "application/json"),
                400, "invalid_request", "event_types");
        assertError(admin.post("/api/v1/webhooks", "{\"url\":\"http://localhost/x\",\"event_types\":[\"Bad Type\"]}",
                "application/json"), 400, "invalid_request", "event_types[0]");
        assertError(admin.post("/api/v1/webhooks", "{\"url\":\"http://localhost/x\",\"event_types\":[\"*\"],"
                + "\"notify_email\":\"nobody\"}", "application/json"), 400, "invalid_request", "notify_email");
        assertError(admin.post("/api/v1/webhooks", "x", "text/plain"), 415, "unsupported_media_type", null);
        assertError(admin.get("/api/v1/webhooks/wh_nope/deliveries?status=maybe"), 400, "invalid_request", "status");
        assertError(admin.get("/api/v1/deliveries/msg_nope"), 404, "not_found", null);
    }

    @Test
    void thePublishScopeAloneCannotManageWebhooks() {
        HttpApiClient publisher = server.api(server.newKey("default", ApiKey.Scope.PUBLISH));
        assertError(publisher.get("/api/v1/webhooks"), 403, "forbidden", null);
        assertError(server.api(null).get("/api/v1/webhooks"), 401, "unauthorized", null);
    }

    @Test
    void secretsAreSealedAtRestWithAnOwnerOnlyKeyFile() throws Exception {
        JsonNode created = create(admin, "{\"url\":\"http://localhost:9/s\",\"event_types\":[\"*\"]}");
        String secret = created.get("secret").asText();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("herald.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT secret FROM webhook_endpoints WHERE id = '"
                     + created.get("id").asText() + "'")) {
            assertThat(rs.next()).isTrue();
            String stored = rs.getString(1);
            assertThat(stored).startsWith("v1:").doesNotContain(secret).doesNotContain(secret.substring(6));
        }
        var key = server.dataDir().resolve(SecretKeyFile.DEFAULT_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void rotationAnswersTheNewSecretAndCompletingItEndsTheOverlap() {
        String id = create(admin, "{\"url\":\"http://localhost:9/r\",\"event_types\":[\"*\"]}").get("id").asText();
        HttpApiClient.Response rotated = admin.post("/api/v1/webhooks/" + id + "/rotate-secret", "{\"overlap\":\"1h\"}",
                "application/json");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.json().get("secret").asText()).startsWith("whsec_");
        assertThat(admin.get("/api/v1/webhooks/" + id).json().get("rotation_overlap_until").isNull()).isFalse();
        HttpApiClient.Response done = admin.post("/api/v1/webhooks/" + id + "/rotate-secret/complete", "", null);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().get("rotation_overlap_until").isNull()).isTrue();
        assertError(admin.post("/api/v1/webhooks/" + id + "/rotate-secret", "{\"overlap\":\"soon\"}", "application/json"),
                400, "invalid_request", "overlap");
    }

    @Test
    void productionModeRefusesPlainHttpPrivateTargetsAndUnresolvableHosts() {
        HostResolver dns = host -> switch (host) {
            case "public.example" -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}));
            case "internal.example" -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7}));
            default -> throw new UnknownHostException(host);
        };
        try (TestServer prod = TestServer.start(Map.of("mode", "production"), dns)) {
            HttpApiClient api = prod.api();
            assertError(api.post("/api/v1/webhooks", "{\"url\":\"http://public.example/h\",\"event_types\":[\"*\"]}",
                    "application/json"), 400, "invalid_request", "url");
            assertError(api.post("/api/v1/webhooks", "{\"url\":\"https://internal.example/h\",\"event_types\":[\"*\"]}",
                    "application/json"), 400, "forbidden_target", "url");
            assertError(api.post("/api/v1/webhooks", "{\"url\":\"https://127.0.0.1/h\",\"event_types\":[\"*\"]}",
                    "application/json"), 400, "forbidden_target", "url");
            assertError(api.post("/api/v1/webhooks", "{\"url\":\"https://169.254.169.254/latest\",\"event_types\":[\"*\"]}",
                    "application/json"), 400, "forbidden_target", "url");
            assertError(api.post("/api/v1/webhooks", "{\"url\":\"https://nowhere.example/h\",\"event_types\":[\"*\"]}",
                    "application/json"), 400, "unresolvable_host", "url");
            create(api, "{\"url\":\"https://public.example/h\",\"event_types\":[\"*\"]}");
        }
    }

    static void assertError(HttpApiClient.Response r, int status, String code, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.body()).isEqualTo(code);
        if (field != null) {
            assertThat(r.json().get("error").get("field").asText()).as(r.body()).isEqualTo(field);
        }
    }
}
