package dev.herald.core.webhook;

import dev.herald.core.event.Event;
import dev.herald.core.event.EventParser;
import dev.herald.core.event.NewEvent;
import dev.herald.core.json.Json;
import dev.herald.core.store.OutboxEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #15: the webhook body is encoded on the publishing thread, and is the body the transaction would have encoded. */
class EndpointRegistryPrepareTest {
    private static Endpoint endpoint(String id, String tenant, List<String> types) {
        Instant now = Instant.parse("2026-12-02T17:00:00Z");
        return new Endpoint(id, tenant, "https://example.com/" + id, types, null, null,
                SigningSecrets.of(WebhookSecret.mint()), null, now, now);
    }

    @Test
    void thePreparedBodyIsTheBodyTheWriterWouldEncode() {
        EndpointRegistry registry = new EndpointRegistry(List.of(endpoint("wh_1", "your-tenant-uuid", List.of("*"))));
        NewEvent published = new EventParser(65536).parseOne(Json.parseOrNull(WebhookEnvelopeTest.SEED_PUBLISH_BODY));

        Object prepared = registry.prepare("your-tenant-uuid", published);
        assertThat(prepared).isEqualTo(WebhookEnvelopeTest.SEED_ENVELOPE);

        Event accepted = Event.accepted(published, "your-tenant-uuid", 7);
        List<OutboxEntry> withPrepared = registry.entriesFor(accepted, prepared);
        List<OutboxEntry> without = registry.entriesFor(accepted);
        assertThat(withPrepared).singleElement().satisfies(e -> {
            assertThat(e.body()).isEqualTo(WebhookEnvelopeTest.SEED_ENVELOPE);
            assertThat(e.endpointId()).isEqualTo("wh_1");
        });
        assertThat(without).singleElement().satisfies(e -> assertThat(e.body()).isEqualTo(withPrepared.get(0).body()));
    }

    @Test
    void nothingIsEncodedWhenNoEnabledEndpointOfTheTenantTakesTheType() {
        EndpointRegistry registry = new EndpointRegistry(List.of(
                endpoint("wh_other_tenant", "other", List.of("*")),
                endpoint("wh_other_type", "acme", List.of("invoice.paid")),
                endpoint("wh_disabled", "acme", List.of("*")).disable(Instant.now(), Endpoint.DISABLED_MANUALLY)));
        NewEvent e = new NewEvent("evt_1", "signal.detected", null, null, null, Instant.now(), "{}");
        assertThat(registry.prepare("acme", e)).isNull();
        assertThat(registry.prepare("nobody", e)).isNull();
        assertThat(registry.entriesFor(Event.accepted(e, "acme", 1), null)).isEmpty();
    }

    @Test
    void anEndpointAddedAfterThePrepareStillGetsItsDelivery() {
        EndpointRegistry registry = new EndpointRegistry(List.of());
        NewEvent e = new NewEvent("evt_1", "signal.detected", null, null, null, Instant.now(), "{\"n\":1}");
        Object prepared = registry.prepare("acme", e);
        registry.put(endpoint("wh_late", "acme", List.of("signal.detected")));
        assertThat(registry.entriesFor(Event.accepted(e, "acme", 1), prepared)).singleElement()
                .satisfies(d -> assertThat(d.body()).isEqualTo(WebhookEnvelope.encodeToString(Event.accepted(e, "acme", 1))));
    }
}
