package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.event.EventTypes;
import dev.herald.core.webhook.Endpoint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The settings of an endpoint as the API accepts them, validated field by field ({@code url} is checked by
 * {@link dev.herald.core.webhook.TargetGuard} separately, since that needs DNS).
 *
 * @param disabled whether the endpoint is to be disabled ({@code "disabled": true}); see {@link Endpoint}
 */
public record EndpointSpec(String url, List<String> eventTypes, String description, String notifyEmail,
                           boolean disabled) {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_URL = 2048;

    /** The body of {@code POST /api/v1/webhooks}. */
    public static EndpointSpec parseCreate(JsonNode body) {
        requireObject(body);
        return new EndpointSpec(url(body.get("url")), eventTypes(body.get("event_types")),
                optionalText(body.get("description"), "description", MAX_DESCRIPTION),
                email(body.get("notify_email")), flag(body.get("disabled"), false));
    }

    /** The body of {@code PATCH /api/v1/webhooks/{id}}: only the fields present change; null clears an optional one. */
    public record Patch(JsonNode body) {
        public static Patch parse(JsonNode body) {
            requireObject(body);
            Patch p = new Patch(body);
            p.applyTo(null); // validates every present field
            return p;
        }

        EndpointSpec applyTo(Endpoint current) {
            String url = body.has("url") ? url(body.get("url")) : current == null ? null : current.url();
            List<String> types = body.has("event_types") ? eventTypes(body.get("event_types"))
                    : current == null ? null : current.eventTypes();
            String description = body.has("description")
                    ? optionalText(body.get("description"), "description", MAX_DESCRIPTION)
                    : current == null ? null : current.description();
            String email = body.has("notify_email") ? email(body.get("notify_email"))
                    : current == null ? null : current.notifyEmail();
            boolean disabled = flag(body.get("disabled"), current != null && current.disabled());
            return new EndpointSpec(url, types, description, email, disabled);
        }
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST, "the body must be a JSON object");
        }
    }

    private static String url(JsonNode n) {
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST, "url is required (a string)", "url");
        }
        if (n.asText().length() > MAX_URL) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST, "url is longer than " + MAX_URL + " characters", "url");
        }
        return n.asText().trim();
    }

    private static List<String> eventTypes(JsonNode n) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST,
                    "event_types is required: a non-empty array of event types, or [\"*\"] for all", "event_types");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode t = n.get(i);
            if (t == null || !t.isTextual() || !(Endpoint.WILDCARD.equals(t.asText()) || EventTypes.isValid(t.asText()))) {
                throw new HeraldException(ErrorCode.INVALID_REQUEST,
                        "each event type matches ^[a-z][a-z0-9_.-]{0,63}$, or is \"*\"", "event_types[" + i + "]");
            }
            out.add(t.asText());
        }
        return List.copyOf(new ArrayList<>(out));
    }

    private static String optionalText(JsonNode n, String field, int max) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().length() > max) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST, field + " must be a string of at most " + max + " characters", field);
        }
        return n.asText();
    }

    /** An optional boolean; absent (or null) keeps {@code absent}. */
    private static boolean flag(JsonNode n, boolean absent) {
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.isBoolean()) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST, "disabled must be true or false", "disabled");
        }
        return n.asBoolean();
    }

    private static String email(JsonNode n) {
        String s = optionalText(n, "notify_email", 320);
        if (s != null && !EMAIL.matcher(s).matches()) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST, "notify_email must be an email address", "notify_email");
        }
        return s;
    }
}
