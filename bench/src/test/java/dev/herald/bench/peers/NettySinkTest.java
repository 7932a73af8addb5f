package dev.herald.bench.peers;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** What the sink reads without parsing: the events in a publish body, and a subscriber's user. */
class NettySinkTest {
    @Test
    void countsTheEventsOfABatchWithBracesInsideStrings() {
        String body = "{\"events\":[{\"type\":\"a\",\"data\":{\"s\":\"}{[\\\"{\",\"n\":{\"m\":[{}]}}},"
                + "{\"type\":\"b\",\"user\":\"u1\"}, {\"type\":\"c\"}]}";
        assertThat(NettySink.countEvents(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8))).isEqualTo(3);
        assertThat(NettySink.countEvents(Unpooled.copiedBuffer("{\"events\":[]}", StandardCharsets.UTF_8))).isZero();
        assertThat(NettySink.countEvents(Unpooled.copiedBuffer("{\"type\":\"one\",\"data\":{}}", StandardCharsets.UTF_8)))
                .isEqualTo(1);
    }

    @Test
    void theUserIsTheQueryParameterElseTheTokensSub() {
        String claims = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"u42\",\"exp\":1}".getBytes(StandardCharsets.UTF_8));
        String token = "eyJhbGciOiJIUzI1NiJ9." + claims + ".sig";
        assertThat(NettySink.user("/ws/events?token=" + token + "&user=u7")).isEqualTo("u7");
        assertThat(NettySink.user("/ws/events?token=" + token)).isEqualTo("u42");
        assertThat(NettySink.user("/ws/events?token=garbage")).isNull();
        assertThat(NettySink.user("/ws/events")).isNull();
    }

    @Test
    void aWireFrameIsAnUnmaskedFinalTextFrame() {
        var small = NettySink.wireFrame(new byte[5]);
        assertThat((int) small.getUnsignedByte(0)).isEqualTo(0x81);
        assertThat((int) small.getUnsignedByte(1)).isEqualTo(5);
        assertThat(small.readableBytes()).isEqualTo(7);
        var medium = NettySink.wireFrame(new byte[300]);
        assertThat((int) medium.getUnsignedByte(1)).isEqualTo(126);
        assertThat(medium.getUnsignedShort(2)).isEqualTo(300);
        assertThat(medium.readableBytes()).isEqualTo(304);
        small.release();
        medium.release();
    }
}
