package dev.herald.bench.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue #6's Spring Boot peer: what a team would write with spring-boot-starter-websocket (Tomcat). A
 * TextWebSocketHandler keeps the sessions; {@code POST /publish} takes Herald's publish body
 * ({@code {"events":[…]}}) and sends each event, as Herald's /ws/events frame, to every session. Sessions are
 * wrapped in ConcurrentWebSocketSessionDecorator, Spring's documented way to send to one session from many
 * threads (publish requests run on Tomcat's pool). The frame is serialized once per event and shared. An event
 * with {@code "user"} goes only to the session that connected with that {@code ?user=}.
 */
@SpringBootApplication
@EnableWebSocket
@RestController
public class SpringPeer extends TextWebSocketHandler implements WebSocketConfigurer {
    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, WebSocketSession> byId = new ConcurrentHashMap<>();
    private final Map<String, WebSocketSession> byUser = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final ObjectMapper json;

    public SpringPeer(ObjectMapper json) {
        this.json = json;
    }

    public static void main(String[] args) {
        SpringApplication.run(SpringPeer.class, args);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this, "/ws/events").setAllowedOrigins("*");
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        WebSocketSession s = new ConcurrentWebSocketSessionDecorator(session, 10_000, 1 << 20);
        byId.put(session.getId(), s);
        sessions.add(s);
        String user = user(session);
        if (user != null) {
            byUser.put(user, s);
        }
    }

    /** {@code ?user=…} of the handshake (a real server would take it from a verified token). */
    private static String user(WebSocketSession session) {
        return session.getUri() == null ? null : UriComponentsBuilder.fromUri(session.getUri()).build()
                .getQueryParams().getFirst("user");
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        WebSocketSession s = byId.remove(session.getId());
        if (s != null) {
            sessions.remove(s);
            String user = user(session);
            if (user != null) {
                byUser.remove(user, s);
            }
        }
    }

    @PostMapping("/publish")
    public Map<String, Integer> publish(@RequestBody JsonNode body) throws IOException {
        JsonNode events = body.has("events") ? body.get("events") : json.createArrayNode().add(body);
        String now = Instant.now().toString();
        for (JsonNode e : events) {
            long n = seq.incrementAndGet();
            ObjectNode f = json.createObjectNode();
            f.put("type", e.path("type").asText("bench.tick"));
            f.put("timestamp", now);
            f.set("data", e.path("data"));
            f.put("id", "evt_" + n);
            f.put("seq", n);
            TextMessage frame = new TextMessage(json.writeValueAsString(f));
            String user = e.path("user").asText(null);
            WebSocketSession one = user == null ? null : byUser.get(user);
            for (WebSocketSession s : user == null ? sessions : one == null ? List.<WebSocketSession>of() : List.of(one)) {
                try {
                    s.sendMessage(frame);
                } catch (IOException | IllegalStateException ex) {
                    // closed meanwhile, or over the decorator's limits (it closes the session itself)
                }
            }
        }
        return Map.of("accepted", events.size());
    }
}
