package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.store.ApiKey;
import dev.herald.protocol.ClientAction;
import dev.herald.protocol.CloseCodes;
import dev.herald.protocol.ReplyType;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * openapi.yaml and asyncapi.yaml against what the running server does, so neither can drift: the HTTP routes of
 * its router are the documented operations, each answers with a documented status and error body, the WebSocket
 * paths it accepts are the documented channels, and the close codes, client actions, reply types and error codes
 * are those of herald-protocol and herald-core. Adding a route, a path, a code or an action without documenting
 * it fails here. (That the documents are valid is {@code ApiDocumentsValidateTest}'s job.)
 */
class ApiDocumentsDriftTest {
    private static final Path DOCS = Path.of("src", "main", "resources", "docs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    /** The browser dashboard is a user interface, not part of the HTTP API; the README describes it. */
    private static final String UI_PREFIX = "/dashboard";

    static TestServer server;
    static JsonNode openapi;
    static JsonNode asyncapi;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        openapi = YAML.readTree(DOCS.resolve("openapi.yaml").toFile());
        asyncapi = YAML.readTree(DOCS.resolve("asyncapi.yaml").toFile());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theServedDocumentsAreTheCheckedOnes() throws Exception {
        for (String name : List.of("openapi.yaml", "asyncapi.yaml")) {
            HttpResponse<String> r = send("GET", "/" + name, null, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Files.readString(DOCS.resolve(name)));
        }
    }

    @Test
    void everyHttpRouteIsADocumentedOperationAndEveryOperationARoute() {
        Set<String> served = new TreeSet<>();
        collectRoutes(server.herald().router(), "", served);
        Set<String> documented = new TreeSet<>(operations().keySet());
        assertThat(minus(served, documented)).as("routes of the server that openapi.yaml lacks").isEmpty();
        assertThat(minus(documented, served)).as("operations of openapi.yaml the server does not route").isEmpty();
        assertThat(served).contains("GET /api/v1/events/{id}", "POST /api/v1/events", "GET /sse/events");
    }

    @Test
    void everyOperationHasAUniqueIdItsErrorsAndItsScope() {
        Set<String> ids = new TreeSet<>();
        for (Map.Entry<String, JsonNode> e : operations().entrySet()) {
            String op = e.getKey();
            JsonNode o = e.getValue();
            String id = o.path("operationId").asText("");
            assertThat(id).as(op + " operationId").matches("[a-z][A-Za-z0-9]+");
            assertThat(ids.add(id)).as(op + " operationId " + id + " is unique").isTrue();
            JsonNode responses = o.path("responses");
            assertThat(responses.has("default")).as(op + " documents other failures (500) as default").isTrue();
            List<String> required = new ArrayList<>();
            if (secured(o)) {
                required.addAll(List.of("401", "403"));
            }
            if (usesApiKey(o)) {
                assertThat(o.path("x-herald-scope").asText()).as(op + " x-herald-scope").isIn("publish", "admin");
            }
            if (o.has("requestBody")) {
                required.addAll(List.of("400", "413", "415"));
            }
            if (op.contains("{")) {
                required.add("404");
            }
            assertThat(names(responses)).as(op + " responses").containsAll(required);
            for (String status : names(responses)) {
                if (status.startsWith("4") || status.equals("default")) {
                    assertThat(errorSchemaOf(responses.get(status))).as(op + " " + status + " is an Error")
                            .isEqualTo("#/components/schemas/Error");
                }
            }
        }
    }

    /**
     * Every operation asked without a credential, with a publish-only key and with an admin key (a made-up id, an
     * empty JSON object as the body) answers a status its operation documents, errors in the documented shape.
     */
    @Test
    void theServerAnswersOnlyDocumentedStatusesAndErrors() throws Exception {
        String publishOnly = server.newKey("default", ApiKey.Scope.PUBLISH);
        Set<String> codes = errorCodes(openapi.at("/components/schemas/Error/properties/error/properties/code/enum"));
        for (Map.Entry<String, JsonNode> e : operations().entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            String path = e.getKey().substring(method.length() + 1).replaceAll("\\{[^}]+}", "no_such_id");
            JsonNode o = e.getValue();
            String body = o.has("requestBody") ? "{}" : null;
            Set<String> documented = names(o.path("responses"));
            for (String key : Arrays.asList(null, publishOnly, server.adminKey())) {
                HttpResponse<String> r = send(method, path, key, body);
                String what = e.getKey() + (key == null ? " without a key" : key.equals(publishOnly) ? " with a publish key" : " with an admin key");
                assertThat(documented).as(what + " answered " + r.statusCode() + " " + r.body()).contains(String.valueOf(r.statusCode()));
                if (r.statusCode() >= 400 && !e.getKey().endsWith("health")) {
                    JsonNode error = JSON.readTree(r.body()).path("error");
                    assertThat(error.path("code").asText()).as(what).isIn(codes);
                    assertThat(error.path("detail").asText()).as(what).isNotBlank();
                }
                if (key == null) {
                    assertThat(r.statusCode()).as(what).isEqualTo(secured(o) ? 401 : 200);
                } else if (key.equals(publishOnly) && "admin".equals(o.path("x-herald-scope").asText())) {
                    assertThat(r.statusCode()).as(what).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void theErrorCodesAreTheServersVocabulary() {
        Set<String> all = Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> http = new TreeSet<>(all);
        http.remove(ErrorCode.INVALID_MESSAGE.wireName()); // WebSocket only: asyncapi.yaml's Error message
        assertThat(errorCodes(openapi.at("/components/schemas/Error/properties/error/properties/code/enum"))).isEqualTo(http);
        Set<String> ws = errorCodes(asyncapi.at("/components/messages/Error/payload/properties/data/properties/code/enum"));
        assertThat(all).containsAll(ws);
        assertThat(ws).contains(ErrorCode.INVALID_MESSAGE.wireName(), ErrorCode.TOO_MANY_REQUESTS.wireName());
    }

    @Test
    void theChannelsAreThePathsTheServerAccepts() throws Exception {
        Map<String, String> webSocket = channelsByProtocol("ws");
        Map<String, String> sse = channelsByProtocol("http");
        assertThat(webSocket.size() + sse.size()).isEqualTo(asyncapi.path("channels").size());
        Set<String> accepted = server.herald().webSocketPaths().stream().filter(p -> !p.startsWith(UI_PREFIX))
                .collect(Collectors.toCollection(TreeSet::new)); // the dashboard's own log socket is the UI's
        assertThat(new TreeSet<>(webSocket.values())).isEqualTo(accepted);
        Set<String> eventStreams = new TreeSet<>();
        openapi.path("paths").fields().forEachRemaining(p -> {
            if (p.getValue().at("/get/responses/200/content").has("text/event-stream")) {
                eventStreams.add(p.getKey());
            }
        });
        assertThat(new TreeSet<>(sse.values())).isEqualTo(eventStreams).isNotEmpty();

        for (String address : webSocket.values()) {
            try (RawWsClient c = RawWsClient.connect(server.port(), address.replace("{user}", "docs-user"), null, 0)) {
                assertThat(c.handshakeResponse()).startsWith("HTTP/1.1 101");
            }
        }
        for (String nearMiss : List.of("/ws/events/x", "/logs/ws/x", "/ws/health", "/ws/", "/sse/events")) {
            assertThatThrownBy(() -> RawWsClient.connect(server.port(), nearMiss, null, 0).close())
                    .as(nearMiss).hasMessageContaining("404");
        }
    }

    @Test
    void theCloseCodesAreTheProtocolsCloseCodes() throws Exception {
        Set<Integer> constants = new TreeSet<>();
        Set<String> reasons = new TreeSet<>();
        for (Field f : CloseCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                constants.add(f.getInt(null));
            } else if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                reasons.add((String) f.get(null));
            }
        }
        Set<Integer> documented = new TreeSet<>();
        Set<String> documentedReasons = new TreeSet<>();
        Set<String> webSocketChannels = channelsByProtocol("ws").keySet();
        for (JsonNode c : asyncapi.at("/components/x-close-codes")) {
            assertThat(documented.add(c.path("code").asInt())).as("code %s listed once", c.path("code")).isTrue();
            c.path("reasons").forEach(r -> documentedReasons.add(r.asText()));
            assertThat(c.path("channels").isEmpty()).as("code %s names its channels", c.path("code")).isFalse();
            c.path("channels").forEach(ch -> assertThat(webSocketChannels).contains(ch.asText()));
            assertThat(c.path("meaning").asText()).isNotBlank();
        }
        assertThat(documented).isEqualTo(constants);
        assertThat(documentedReasons).containsAll(reasons);
    }

    @Test
    void theClientMessagesAreTheProtocolsClientActions() {
        Set<String> actions = Arrays.stream(ClientAction.values()).map(ClientAction::wire).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Set<String>> received = new TreeMap<>();
        for (JsonNode operation : iterable(asyncapi.path("operations"))) {
            if (operation.path("action").asText().equals("receive")) {
                String channel = channelOf(operation);
                for (JsonNode payload : payloads(operation)) {
                    String verb = payload.at("/properties/action/const").asText();
                    assertThat(payload.at("/properties/type/const").asText()).as("the verb under \"type\" too").isEqualTo(verb);
                    received.computeIfAbsent(channel, k -> new TreeSet<>()).add(verb);
                }
            }
        }
        assertThat(received).containsOnlyKeys("events", "user");
        received.values().forEach(verbs -> assertThat(verbs).isEqualTo(actions));
    }

    @Test
    void theServerMessagesAreTheProtocolsReplyTypesAndSystemStatus() {
        Set<String> expected = Arrays.stream(ReplyType.values()).map(ReplyType::wire).collect(Collectors.toCollection(TreeSet::new));
        expected.add("system_status");
        Set<String> sent = new TreeSet<>();
        for (JsonNode operation : iterable(asyncapi.path("operations"))) {
            String channel = channelOf(operation);
            if (operation.path("action").asText().equals("send") && (channel.equals("events") || channel.equals("user"))) {
                boolean events = false;
                for (JsonNode payload : payloads(operation)) {
                    JsonNode type = payload.at("/properties/type");
                    if (type.has("const")) {
                        sent.add(type.path("const").asText());
                    } else {
                        events = payload.at("/properties/seq").isObject();
                    }
                }
                assertThat(events).as(channel + " sends events").isTrue();
            }
        }
        assertThat(sent).isEqualTo(expected);
    }

    /** A plain scalar with ", " in a YAML flow map ({description: a, b}) silently becomes a key: none may have a space. */
    @Test
    void noKeyOfEitherDocumentHasASpace() {
        List<String> keys = new ArrayList<>();
        collectKeys(openapi, "openapi.yaml", keys);
        collectKeys(asyncapi, "asyncapi.yaml", keys);
        assertThat(keys).filteredOn(k -> k.substring(k.lastIndexOf('/') + 1).contains(" ")).isEmpty();
        assertThat(keys).hasSizeGreaterThan(500);
    }

    // ---- the documents

    /** "METHOD /path" → operation object, for every operation of openapi.yaml. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> ops = new TreeMap<>();
        openapi.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            if (HTTP_METHODS.contains(m.getKey())) {
                ops.put(m.getKey().toUpperCase(java.util.Locale.ROOT) + " " + p.getKey(), m.getValue());
            }
        }));
        return ops;
    }

    private static JsonNode security(JsonNode operation) {
        return operation.has("security") ? operation.path("security") : openapi.path("security");
    }

    private static boolean secured(JsonNode operation) {
        return !security(operation).isEmpty();
    }

    private static boolean usesApiKey(JsonNode operation) {
        for (JsonNode requirement : security(operation)) {
            if (requirement.has("apiKey")) {
                return true;
            }
        }
        return false;
    }

    /** The $ref of the JSON schema of a response that is a reference to a components response, or "". */
    private static String errorSchemaOf(JsonNode response) {
        JsonNode resolved = resolve(openapi, response);
        return resolved == response ? "" : resolved.at("/content/application~1json/schema/$ref").asText();
    }

    private static Set<String> errorCodes(JsonNode enumeration) {
        Set<String> codes = new TreeSet<>();
        enumeration.forEach(c -> codes.add(c.asText()));
        return codes;
    }

    /** Channel key → address, for the channels whose servers speak {@code protocol}. */
    private static Map<String, String> channelsByProtocol(String protocol) {
        Map<String, String> out = new TreeMap<>();
        asyncapi.path("channels").fields().forEachRemaining(c -> {
            JsonNode servers = c.getValue().path("servers");
            assertThat(servers.size()).as(c.getKey() + " names one server").isEqualTo(1);
            if (resolve(asyncapi, servers.get(0)).path("protocol").asText().equals(protocol)) {
                out.put(c.getKey(), c.getValue().path("address").asText());
            }
        });
        return out;
    }

    private static String channelOf(JsonNode operation) {
        String ref = operation.at("/channel/$ref").asText();
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static List<JsonNode> payloads(JsonNode operation) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : operation.path("messages")) {
            out.add(resolve(asyncapi, resolve(asyncapi, m)).path("payload"));
        }
        return out;
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode n = node;
        while (n.has("$ref")) {
            String ref = n.path("$ref").asText();
            assertThat(ref).startsWith("#/");
            n = root.at(ref.substring(1));
            assertThat(n.isMissingNode()).as(ref).isFalse();
        }
        return n;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectKeys(JsonNode node, String at, List<String> keys) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                keys.add(at + "/" + f.getKey());
                collectKeys(f.getValue(), at + "/" + f.getKey(), keys);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectKeys(node.get(i), at + "/" + i, keys);
            }
        }
    }

    private static Iterable<JsonNode> iterable(JsonNode object) {
        return () -> {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            return new Iterator<>() {
                public boolean hasNext() {
                    return fields.hasNext();
                }

                public JsonNode next() {
                    return fields.next().getValue();
                }
            };
        };
    }

    // ---- the server

    /** "METHOD /path/{param}" for every route with a method; a route without one must be a prefix (middleware). */
    private static void collectRoutes(Router router, String prefix, Set<String> out) {
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            // A :param path is a regex inside Vert.x too, but keeps its path; a pathRegex route has none.
            assertThat(path == null && route.isRegexPath()).as("a regex route: document it and teach this test").isFalse();
            if (route.getSubRouter() != null) {
                collectRoutes(route.getSubRouter(), prefix + path, out);
                continue;
            }
            if (route.methods() == null || route.methods().isEmpty()) {
                assertThat(path == null || !route.isExactPath())
                        .as("route %s serves every method: give it its methods", path).isTrue();
                continue;
            }
            assertThat(path).as("a route with methods %s has a path", route.methods()).isNotNull();
            String full = prefix + path;
            if (full.startsWith(UI_PREFIX)) {
                continue;
            }
            for (HttpMethod m : route.methods()) {
                out.add(m.name() + " " + full.replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
            }
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static HttpResponse<String> send(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.http() + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
