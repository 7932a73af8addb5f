package dev.herald.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionsTest {
    private final Subscriptions subs = new Subscriptions();

    private static Subscriptions.Registration on(String type) {
        return new Subscriptions.Registration(type, e -> { });
    }

    @Test
    void theServerIsToldTheUnionOnceForEachNewTypeAndUnsubscribedWhenATypesLastHandlerGoes() {
        Subscriptions.Registration a1 = on("a");
        Subscriptions.Registration a2 = on("a");
        Subscriptions.Registration b = on("b");
        assertThat(subs.add(a1)).isEqualTo("{\"action\":\"subscribe\",\"event_types\":[\"a\"]}");
        assertThat(subs.add(a2)).isNull();
        assertThat(subs.add(b)).isEqualTo("{\"action\":\"subscribe\",\"event_types\":[\"a\",\"b\"]}");
        assertThat(subs.remove(a1)).isNull();
        assertThat(subs.remove(a2)).isEqualTo("{\"action\":\"unsubscribe\",\"event_types\":[\"a\"]}");
        assertThat(subs.remove(a2)).isNull();
        assertThat(subs.onConnect()).isEqualTo("{\"action\":\"subscribe\",\"event_types\":[\"b\"]}");
    }

    @Test
    void theWildcardIsNeverCarvedUpByUnsubscribes() {
        Subscriptions.Registration all = on("*");
        Subscriptions.Registration a = on("a");
        subs.add(all);
        subs.add(a);
        assertThat(subs.remove(a)).as("\"*\" still wants a").isNull();
        subs.add(a);
        assertThat(subs.remove(all)).isEqualTo("{\"action\":\"subscribe\",\"event_types\":[\"a\"]}");
        assertThat(subs.remove(a)).isEqualTo("{\"action\":\"unsubscribe\",\"event_types\":[\"a\"]}");
        subs.add(all);
        assertThat(subs.remove(all)).isEqualTo("{\"action\":\"unsubscribe\",\"event_types\":[\"*\"]}");
    }

    @Test
    void handlersOfATypeIncludeTheWildcardOnesInSubscriptionOrder() {
        Subscriptions.Registration all = on("*");
        Subscriptions.Registration a = on("a");
        subs.add(all);
        subs.add(a);
        subs.add(on("b"));
        assertThat(subs.handlersOf("a")).containsExactly(all.handler, a.handler);
        assertThat(subs.handlersOf("system_status")).containsExactly(all.handler);
    }
}
