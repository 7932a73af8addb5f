package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.store.ApiKey;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.HttpApiClient.Response;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PublishApiTest {
    static TestServer server;
    static HttpApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("limits.max_event_bytes", "1024"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSingleEventIsAcceptedWithAnIdAndTheNextSeq() {
        Response r = api.publishEvent("threat_detected", "{\"severity\":\"high\"}");
        assertThat(r.status()).isEqualTo(202);
        JsonNode e = r.json().path("events").get(0);
        assertThat(r.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(e.path("id").asText()).startsWith("evt_");
        assertThat(e.path("duplicate").asBoolean()).isFalse();
        long seq = e.path("seq").asLong();
        Response next = api.publishEvent("threat_detected", "{}");
        assertThat(next.json().path("events").get(0).path("seq").asLong()).isEqualTo(seq + 1);
    }

    @Test
    void aBatchGetsConsecutiveSeqsInOrder() {
        Response r = api.publish("{\"events\":[{\"type\":\"a\",\"data\":{}},{\"type\":\"b\"},{\"type\":\"c\",\"data\":{\"n\":1}}]}");
        assertThat(r.status()).isEqualTo(202);
        JsonNode events = r.json().path("events");
        assertThat(r.json().path("accepted").asInt()).isEqualTo(3);
        assertThat(events.get(1).path("seq").asLong()).isEqualTo(events.get(0).path("seq").asLong() + 1);
        assertThat(events.get(2).path("seq").asLong()).isEqualTo(events.get(0).path("seq").asLong() + 2);
    }

    @Test
    void mintedIdsSortInPublishOrderEvenWithinOneMillisecond() {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 500; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"ordered\",\"data\":{\"i\":").append(i).append("}}");
        }
        Response r = api.publish(batch.append("]}").toString());
        assertThat(r.status()).isEqualTo(202);
        java.util.List<String> ids = new java.util.ArrayList<>();
        r.json().path("events").forEach(e -> ids.add(e.path("id").asText()));
        assertThat(ids).hasSize(500).isSorted();
    }

    @Test
    void republishingAnIdReturnsTheOriginalSeqAsADuplicate() {
        Response first = api.publish("{\"id\":\"evt_idem_1\",\"type\":\"x\",\"data\":{}}");
        Response again = api.publish("{\"id\":\"evt_idem_1\",\"type\":\"x\",\"data\":{\"changed\":true}}");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("accepted").asInt()).isZero();
        JsonNode e = again.json().path("events").get(0);
        assertThat(e.path("duplicate").asBoolean()).isTrue();
        assertThat(e.path("seq").asLong()).isEqualTo(first.json().path("events").get(0).path("seq").asLong());
    }

    @Test
    void oneInvalidEventRejectsTheWholeBatchAndNamesTheField() {
        long before = lastSeq();
        Response r = api.publish("{\"events\":[{\"type\":\"ok\"},{\"type\":\"ok\"},{\"type\":\"ok\"},{\"type\":\"Not Valid\"}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_event");
        assertThat(r.json().path("error").path("field").asText()).isEqualTo("events[3].type");
        assertThat(lastSeq()).isEqualTo(before);
    }

    @Test
    void malformedJsonIsA400WithTheErrorShape() {
        Response r = api.publish("{\"type\": \"x\", ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_json");
        assertThat(r.json().path("error").path("detail").asText()).isNotEmpty();
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingTheKeyAndNothingIsStored() {
        long before = lastSeq();
        Response r = api.publish("{\"events\":[{\"type\":\"ok\"},{\"type\":\"pay\",\"data\":{\"amount\":1,\"amount\":1000}}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_json");
        assertThat(r.json().path("error").path("detail").asText()).contains("twice").contains("amount");
        assertThat(lastSeq()).isEqualTo(before);
    }

    @Test
    void wrongFieldTypesAreRejected() {
        assertThat(api.publish("{\"type\":42}").errorCode()).isEqualTo("invalid_event");
        assertThat(api.publish("{\"type\":\"x\",\"data\":[1,2]}").errorCode()).isEqualTo("invalid_event");
        assertThat(api.publish("{\"type\":\"x\",\"user\":{}}").errorCode()).isEqualTo("invalid_event");
        assertThat(api.publish("[1,2,3]").errorCode()).isEqualTo("invalid_event");
        assertThat(api.publish("{\"events\":\"no\"}").errorCode()).isEqualTo("invalid_event");
        assertThat(api.publish("{\"type\":\"x\",\"timestamp\":\"yesterday\"}").errorCode()).isEqualTo("invalid_event");
    }

    @Test
    void theSystemStatusTypeIsReservedForHerald() {
        assertThat(api.publishEvent("system_status", "{}").errorCode()).isEqualTo("invalid_event");
    }

    @Test
    void dataOverTheLimitIs413() {
        String big = "\"" + "x".repeat(2000) + "\"";
        Response r = api.publishEvent("x", "{\"blob\":" + big + "}");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("payload_too_large");
    }

    @Test
    void moreThanAThousandEventsIs413() {
        StringBuilder sb = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 1001; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"type\":\"x\"}");
        }
        Response r = api.publish(sb.append("]}").toString());
        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void numbersJavaScriptCannotHoldAreRefusedAsUnsafe() {
        Response big = api.publishEvent("x", "{\"n\":9007199254740993}");
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.errorCode()).isEqualTo("unsafe_number");
        assertThat(big.json().path("error").path("field").asText()).isEqualTo("data.n");
        assertThat(api.publishEvent("x", "{\"z\":-0}").errorCode()).isEqualTo("unsafe_number");
        assertThat(api.publishEvent("x", "{\"ok\":9007199254740991,\"f\":45000.0}").status()).isEqualTo(202);
    }

    @Test
    void aNonJsonContentTypeIs415() {
        Response r = api.post("/api/v1/events", "{\"type\":\"x\"}", "text/plain");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.errorCode()).isEqualTo("unsupported_media_type");
    }

    @Test
    void missingUnknownAndRevokedKeysAre401() {
        assertThat(server.api(null).publishEvent("x", "{}").status()).isEqualTo(401);
        assertThat(server.api("hk_doesnotexist").publishEvent("x", "{}").status()).isEqualTo(401);
        assertThat(server.api("not-even-a-key").publishEvent("x", "{}").errorCode()).isEqualTo("unauthorized");
        String key = server.newKey("default", ApiKey.Scope.PUBLISH);
        assertThat(server.api(key).publishEvent("x", "{}").status()).isEqualTo(202);
        String id = server.keyStore().list().stream().filter(k -> k.revokedAt() == null)
                .reduce((a, b) -> b).orElseThrow().id();
        server.keyStore().revoke(id);
        dev.herald.server.testkit.Eventually.until("the revoked key is refused",
                () -> server.api(key).publishEvent("x", "{}").status() == 401);
    }

    @Test
    void aPublishOnlyKeyIs403OnAnAdminPathWhetherReadFromTheStoreOrFromTheCache() {
        HttpApiClient publisher = server.api(server.newKey("default", ApiKey.Scope.PUBLISH));
        for (int i = 0; i < 3; i++) { // the first answer reads the store, the next ones the key cache
            Response r = publisher.get("/api/v1/cluster");
            assertThat(r.status()).as("attempt %d", i).isEqualTo(403);
            assertThat(r.errorCode()).isEqualTo("forbidden");
        }
        assertThat(publisher.publishEvent("x", "{}").status()).isEqualTo(202);
    }

    @Test
    void eachTenantHasItsOwnSeqStreamAndReadsOnlyItsOwnEvents() {
        String acme = server.newKey("acme");
        String globex = server.newKey("globex");
        server.api(acme).publishEvent("secret.acme", "{\"v\":1}");
        Response g = server.api(globex).publishEvent("hello", "{}");
        assertThat(g.json().path("events").get(0).path("seq").asLong()).isEqualTo(1);
        Response read = server.api(globex).get("/api/v1/events?since=0");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).doesNotContain("secret.acme");
        assertThat(read.json().path("events")).hasSize(1);
    }

    @Test
    void theTenantInTheBodyIsIgnored() {
        String acme = server.newKey("acme2");
        server.api(acme).publish("{\"type\":\"x\",\"tenant\":\"default\",\"data\":{\"marker\":\"acme2-only\"}}");
        assertThat(api.get("/api/v1/events?since=0&limit=1000").body()).doesNotContain("acme2-only");
    }

    @Test
    void historyCanBeReadOverHttpAfterASeq() {
        long seq = api.publishEvent("history.read", "{\"k\":\"v\"}").json().path("events").get(0).path("seq").asLong();
        Response r = api.get("/api/v1/events?since=" + (seq - 1) + "&limit=1");
        assertThat(r.json().path("events").get(0).path("type").asText()).isEqualTo("history.read");
        assertThat(r.json().path("events").get(0).path("data").path("k").asText()).isEqualTo("v");
        assertThat(api.get("/api/v1/events?since=abc").status()).isEqualTo(400);
    }

    @Test
    void afterAllThatBadInputTheServerStillServes() {
        for (int i = 0; i < 50; i++) {
            api.publish("{{{{");
            api.post("/api/v1/events", "\u0000\u0001garbage", "application/json");
        }
        assertThat(api.get("/health").status()).isEqualTo(200);
        assertThat(api.publishEvent("still.alive", "{}").status()).isEqualTo(202);
    }

    private static long lastSeq() {
        JsonNode events = api.get("/api/v1/events?since=0&limit=1000").json().path("events");
        return events.isEmpty() ? 0 : events.get(events.size() - 1).path("seq").asLong();
    }
}
