package dev.herald.server.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.core.auth.TokenIssuer;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventsWebSocketTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("auth.clock_skew", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every test closes what it opened, and the server lets go of those connections (no test sees another's). */
    @AfterEach
    void noConnectionOutlivesItsTest() {
        Eventually.until("every connection of the test is counted out", () -> openConnections() == 0);
    }

    private static int openConnections() {
        return server.api(null).get("/ws/health").json().path("connections").asInt();
    }

    private WsClient connect(String sub) {
        return server.connect("/ws/events", server.token(sub));
    }

    /** Round-trips a ping so the session is registered before the test publishes. */
    private static WsClient ready(WsClient c) {
        c.send("{\"action\":\"ping\"}");
        c.nextOfType("pong");
        return c;
    }

    @Test
    void aPublishedEventArrivesWithTypeTimestampDataIdAndSeq() {
        try (WsClient c = ready(connect("alice"))) {
            JsonNode accepted = server.api().publishEvent("threat_detected",
                    "{\"threat_id\":\"thr_abc123\",\"confidence\":0.92}").json().path("events").get(0);
            JsonNode m = c.nextOfType("threat_detected");
            assertThat(m.path("data").path("threat_id").asText()).isEqualTo("thr_abc123");
            assertThat(m.path("data").path("confidence").asDouble()).isEqualTo(0.92);
            assertThat(m.path("id").asText()).isEqualTo(accepted.path("id").asText());
            assertThat(m.path("seq").asLong()).isEqualTo(accepted.path("seq").asLong());
            assertThat(m.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        }
    }

    @Test
    void theTokenIsAcceptedFromTheCookieAndFromTheQuery() {
        try (WsClient byCookie = WsClient.connect(server.ws() + "/ws/events",
                Map.of("Cookie", "other=1; ks_access_token=" + server.token("carol")));
             WsClient byQuery = WsClient.connect(server.ws() + "/ws/events?token=" + server.token("dave"), Map.of())) {
            ready(byCookie);
            ready(byQuery);
            server.api().publishEvent("cookie.query", "{}");
            assertThat(byCookie.nextOfType("cookie.query")).isNotNull();
            assertThat(byQuery.nextOfType("cookie.query")).isNotNull();
        }
    }

    @Test
    void badTokensAreAcceptedThenClosedWith4003Unauthorized() throws Exception {
        Instant now = Instant.now();
        String expired = new TokenIssuer(TestServer.JWT_SECRET).issue("x", null, Duration.ofSeconds(-30), List.of(), null);
        String wrongKey = new TokenIssuer("another-secret-another-secret-another").issue("x", null, Duration.ofHours(1), List.of(), null);
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder().subject("x")
                .expirationTime(Date.from(now.plusSeconds(600))).build()).serialize();
        SignedJWT noSub = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().expirationTime(Date.from(now.plusSeconds(600))).build());
        noSub.sign(new MACSigner(TestServer.JWT_SECRET));
        SignedJWT noExp = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("x").build());
        noExp.sign(new MACSigner(TestServer.JWT_SECRET));
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), new JWTClaimsSet.Builder().subject("x")
                .expirationTime(Date.from(now.plusSeconds(600))).build());
        hs512.sign(new MACSigner(TestServer.JWT_SECRET + TestServer.JWT_SECRET));

        for (String bad : new String[] {null, "garbage", expired, wrongKey, unsigned, noSub.serialize(),
                noExp.serialize(), hs512.serialize()}) {
            try (WsClient c = server.connect("/ws/events", bad)) {
                WsClient.Close close = c.awaitClose();
                assertThat(close.code()).as("token %s", bad).isEqualTo(4003);
                assertThat(close.reason()).isEqualTo("unauthorized");
                assertThat(c.drain(Duration.ZERO)).as("nothing else is sent").isEmpty();
            }
        }
    }

    @Test
    void subscribeFiltersTypesAndIsConfirmed() {
        try (WsClient c = connect("erin")) {
            c.send("{\"action\":\"subscribe\",\"event_types\":[\"wanted\"]}");
            JsonNode reply = c.nextOfType("subscribed");
            assertThat(reply.path("data").path("event_types").get(0).asText()).isEqualTo("wanted");
            assertThat(reply.path("timestamp").asText()).isNotEmpty();
            server.api().publishEvent("unwanted", "{}");
            server.api().publishEvent("wanted", "{\"n\":1}");
            JsonNode m = c.nextMatching(x -> !x.path("type").asText().equals("system_status"));
            assertThat(m.path("type").asText()).isEqualTo("wanted");
        }
    }

    @Test
    void theVerbMayAlsoBeGivenAsTypeAndUnknownFieldsAreIgnored() {
        try (WsClient c = connect("frank")) {
            c.send("{\"type\":\"subscribe\",\"event_types\":[\"a.b\"],\"extra\":{\"x\":1}}");
            assertThat(c.nextOfType("subscribed").path("data").path("event_types").get(0).asText()).isEqualTo("a.b");
        }
    }

    @Test
    void unsubscribeRemovesTypesFromEverything() {
        try (WsClient c = connect("gina")) {
            c.send("{\"action\":\"unsubscribe\",\"event_types\":[\"noisy\"]}");
            c.nextOfType("unsubscribed");
            server.api().publishEvent("noisy", "{}");
            server.api().publishEvent("quiet", "{}");
            assertThat(c.nextMatching(x -> !x.path("type").asText().equals("system_status")).path("type").asText())
                    .isEqualTo("quiet");
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (WsClient c = connect("hank")) {
            c.send("{\"action\":\"ping\"}");
            assertThat(c.nextOfType("pong").path("timestamp").asText()).isNotEmpty();
        }
    }

    @Test
    void badMessagesGetAnErrorReplyAndTheConnectionStaysOpen() {
        try (WsClient c = connect("ivan")) {
            for (String bad : new String[] {"not json", "[1]", "{\"action\":\"dance\"}", "{\"action\":42}",
                    "{\"action\":\"subscribe\",\"event_types\":\"x\"}", "{\"action\":\"subscribe\",\"event_types\":[1]}",
                    "{\"action\":\"subscribe\",\"event_types\":[\"a\"],\"since\":\"x\"}"}) {
                c.send(bad);
                JsonNode err = c.nextOfType("error");
                assertThat(err.path("data").path("code").asText()).isEqualTo("invalid_message");
                assertThat(err.path("data").path("detail").asText()).isNotEmpty();
            }
            c.send("{\"action\":\"x\",\"pad\":\"" + "p".repeat(70_000) + "\"}");
            assertThat(c.nextOfType("error").path("data").path("detail").asText()).contains("64 KiB");
            ready(c);
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void aFragmentedMessageIsReassembledAndAProtocolPingIsAnswered() throws Exception {
        try (dev.herald.server.testkit.RawWsClient raw = dev.herald.server.testkit.RawWsClient.connect(
                server.port(), "/ws/events", server.token("fragments"), 0)) {
            byte[] message = "{\"action\":\"subscribe\",\"event_types\":[\"frag.ok\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            raw.sendFrame(0x1, false, java.util.Arrays.copyOfRange(message, 0, 10));
            raw.sendFrame(0x0, true, java.util.Arrays.copyOfRange(message, 10, message.length));
            dev.herald.server.testkit.RawWsClient.Frame reply = raw.readFrame();
            assertThat(reply.text()).contains("\"type\":\"subscribed\"").contains("frag.ok");
            raw.sendFrame(0x9, "are you there".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            dev.herald.server.testkit.RawWsClient.Frame pong = raw.readFrame();
            assertThat(pong.opcode()).isEqualTo(0xA);
            assertThat(pong.text()).isEqualTo("are you there");
        }
    }

    @Test
    void aFrameOverOneMebibyteCloses1009() throws Exception {
        try (dev.herald.server.testkit.RawWsClient raw = dev.herald.server.testkit.RawWsClient.connect(
                server.port(), "/ws/events", server.token("big"), 0)) {
            raw.sendFrameHeader(0x1, (1 << 20) + 10); // the server judges the frame by its declared length
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1009);
        }
        assertThat(server.api(null).get("/health").status()).isEqualTo(200);
    }

    @Test
    void aFragmentedMessageOverOneMebibyteCloses1009AndTheServerStaysUp() throws Exception {
        try (dev.herald.server.testkit.RawWsClient raw = dev.herald.server.testkit.RawWsClient.connect(
                server.port(), "/ws/events", server.token("fragments-big"), 0)) {
            byte[] half = new byte[600 * 1024];
            java.util.Arrays.fill(half, (byte) ' ');
            raw.sendFrame(0x1, false, half); // each fragment is allowed; together they pass 1 MiB
            raw.sendFrame(0x0, true, half);
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1009);
        }
        try (WsClient c = connect("after-big")) {
            ready(c);
        }
    }

    @Test
    void aContinuationWithoutAMessageCloses1002() throws Exception {
        try (dev.herald.server.testkit.RawWsClient raw = dev.herald.server.testkit.RawWsClient.connect(
                server.port(), "/ws/events", server.token("stray"), 0)) {
            raw.sendFrame(0x0, true, "}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void moreThanTwentyBadMessagesInTenSecondsCloses1008() {
        try (WsClient c = connect("judy")) {
            for (int i = 0; i < 21; i++) {
                c.send("nope");
            }
            assertThat(c.awaitClose().code()).isEqualTo(1008);
        }
    }

    @Test
    void aTokenAllowListLimitsTypesEvenWithTheWildcard() {
        String token = new TokenIssuer(TestServer.JWT_SECRET).issue("kim", null, Duration.ofHours(1), List.of(), List.of("allowed"));
        try (WsClient c = server.connect("/ws/events", token)) {
            c.send("{\"action\":\"subscribe\",\"event_types\":[\"*\"]}");
            c.nextOfType("subscribed");
            server.api().publishEvent("forbidden", "{}");
            server.api().publishEvent("allowed", "{}");
            assertThat(c.nextMatching(x -> !x.path("type").asText().equals("system_status")).path("type").asText())
                    .isEqualTo("allowed");
        }
    }

    @Test
    void tenantsNeverSeeEachOthersEvents() {
        String acmeKey = server.newKey("acme");
        try (WsClient acme = ready(server.connect("/ws/events", server.token("u1", "acme")));
             WsClient globex = ready(server.connect("/ws/events", server.token("u1", "globex")))) {
            server.api(acmeKey).publishEvent("acme.only", "{}");
            server.api(server.newKey("globex")).publishEvent("globex.only", "{}");
            assertThat(acme.nextMatching(x -> x.path("type").asText().endsWith(".only")).path("type").asText()).isEqualTo("acme.only");
            assertThat(globex.nextMatching(x -> x.path("type").asText().endsWith(".only")).path("type").asText()).isEqualTo("globex.only");
            assertThat(acme.drain(Duration.ofMillis(200))).noneMatch(m -> m.path("type").asText().equals("globex.only"));
        }
    }

    @Test
    void targetedEventsReachOnlyTheirUser() {
        try (WsClient alice = ready(connect("t-alice")); WsClient bob = ready(connect("t-bob"))) {
            server.api().publish("{\"type\":\"private.note\",\"user\":\"t-alice\",\"data\":{\"for\":\"alice\"}}");
            server.api().publishEvent("public.note", "{}");
            assertThat(alice.nextMatching(x -> x.path("type").asText().endsWith(".note")).path("type").asText()).isEqualTo("private.note");
            assertThat(bob.nextMatching(x -> x.path("type").asText().endsWith(".note")).path("type").asText()).isEqualTo("public.note");
        }
    }

    @Test
    void sinceReplaysMissedEventsInOrderThenContinuesLiveWithoutGapOrDuplicate() {
        long base = server.api().publishEvent("replay", "{\"n\":0}").json().path("events").get(0).path("seq").asLong();
        for (int i = 1; i <= 5; i++) {
            server.api().publishEvent("replay", "{\"n\":" + i + "}");
        }
        try (WsClient c = server.connect("/ws/events?since=" + (base + 2), server.token("late"))) {
            List<Long> seqs = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seqs.add(c.nextOfType("replay").path("seq").asLong());
            }
            assertThat(seqs).containsExactly(base + 3, base + 4, base + 5);
            server.api().publishEvent("replay", "{\"n\":6}");
            assertThat(c.nextOfType("replay").path("seq").asLong()).isEqualTo(base + 6);
        }
    }

    @Test
    void subscribeWithSinceReplaysThroughTheNewFilter() {
        long base = server.api().publishEvent("keep", "{}").json().path("events").get(0).path("seq").asLong();
        server.api().publishEvent("drop", "{}");
        server.api().publishEvent("keep", "{}");
        try (WsClient c = connect("resumer")) {
            c.send("{\"action\":\"subscribe\",\"event_types\":[\"keep\"],\"since\":" + (base - 1) + "}");
            c.nextOfType("subscribed");
            assertThat(c.nextMatching(x -> x.has("seq")).path("seq").asLong()).isEqualTo(base);
            assertThat(c.nextMatching(x -> x.has("seq")).path("seq").asLong()).isEqualTo(base + 2);
        }
    }

    @Test
    void aRefreshedTokenKeepsTheConnectionPastTheOldExpiry() {
        String shortToken = new TokenIssuer(TestServer.JWT_SECRET).issue("ref", null, Duration.ofSeconds(2), List.of(), null);
        try (WsClient c = server.connect("/ws/events", shortToken)) {
            c.send("{\"action\":\"refresh\",\"token\":\"" + server.token("ref") + "\"}");
            assertThat(c.nextOfType("refreshed").path("data").path("expires_at").asText()).isNotEmpty();
            assertThat(c.drain(Duration.ofMillis(3000))).noneMatch(m -> m.path("type").asText().equals("error"));
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void anExpiredTokenClosesTheConnectionWith4004() {
        String shortToken = new TokenIssuer(TestServer.JWT_SECRET).issue("exp", null, Duration.ofSeconds(1), List.of(), null);
        try (WsClient c = server.connect("/ws/events", shortToken)) {
            WsClient.Close close = c.awaitClose(Duration.ofSeconds(5));
            assertThat(close.code()).isEqualTo(4004);
            assertThat(close.reason()).isEqualTo("token expired");
        }
    }

    @Test
    void aRefreshForAnotherUserCloses4003() {
        try (WsClient c = connect("mallory")) {
            c.send("{\"action\":\"refresh\",\"token\":\"" + server.token("someone-else") + "\"}");
            assertThat(c.awaitClose().code()).isEqualTo(4003);
        }
    }

    @Test
    void wsHealthCountsConnectionsByEndpoint() {
        try (WsClient a = ready(connect("h1")); WsClient b = ready(server.connect("/ws/h2", server.token("h2")))) {
            JsonNode health = server.api(null).get("/ws/health").json();
            assertThat(health.path("status").asText()).isEqualTo("ok");
            assertThat(health.path("by_endpoint").path("/ws/events").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(health.path("by_endpoint").path("/ws/{user}").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(health.path("broker").asText()).isEqualTo("memory");
            assertThat(health.path("node").asText()).isEqualTo("test-node");
        }
    }

    @Test
    void unknownWebSocketPathsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.connect("/ws/a/b", server.token("x")))
                .hasStackTraceContaining("404");
    }

    @Test
    void connectionsAreReleasedWhenClientsLeave() {
        WsClient c = ready(connect("leaver"));
        assertThat(openConnections()).isEqualTo(1);
        c.close();
        Eventually.until("the connection is counted out", () -> openConnections() == 0);
    }
}
