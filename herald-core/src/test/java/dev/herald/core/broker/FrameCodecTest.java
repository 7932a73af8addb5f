package dev.herald.core.broker;

import dev.herald.core.event.Event;
import dev.herald.core.hub.Frame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {

    private static Frame frame(String tenant, String user, long seq, String text) {
        return Frame.of(tenant, user, "order.created", seq, text);
    }

    private static void assertSameFrames(List<Frame> actual, List<Frame> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Frame a = actual.get(i);
            Frame e = expected.get(i);
            assertThat(a.tenant()).isEqualTo(e.tenant());
            assertThat(a.user()).isEqualTo(e.user());
            assertThat(a.type()).isEqualTo(e.type());
            assertThat(a.seq()).isEqualTo(e.seq());
            assertThat(a.text()).isEqualTo(e.text());
            assertThat(a.utf8()).isEqualTo(e.utf8());
            assertThat(a.isSystem()).isEqualTo(e.isSystem());
        }
    }

    @Test
    void aBatchSurvivesTheRoundTripWithTenantUserTypeSeqAndTextIntact() {
        List<Frame> frames = List.of(
                frame("acme", null, 1, "{\"type\":\"order.created\",\"seq\":1}"),
                frame("acme", "u-42", 2, "{\"seq\":2}"),
                frame("acme", "", Long.MAX_VALUE, "{}"));
        FrameCodec.Message m = FrameCodec.decode(FrameCodec.encode("node-a", frames));
        assertThat(m.origin()).isEqualTo("node-a");
        assertSameFrames(m.frames(), frames);
    }

    @Test
    void theOriginCanBeReadWithoutDecodingTheFrames() {
        byte[] bytes = FrameCodec.encode("node-b", List.of(frame("acme", null, 1, "{}")));
        assertThat(FrameCodec.origin(bytes)).isEqualTo("node-b");
        assertThat(FrameCodec.origin(Arrays.copyOf(bytes, 9))).as("the header alone").isEqualTo("node-b");
        assertThatThrownBy(() -> FrameCodec.origin(Arrays.copyOf(bytes, 5))).isInstanceOf(FrameCodec.MalformedException.class);
    }

    @Test
    void aSystemFrameKeepsItsMissingTenantAndItsMissingSeq() {
        Frame status = Frame.systemStatus("draining", "node-a", Instant.parse("2026-01-01T00:00:00Z"));
        FrameCodec.Message m = FrameCodec.decode(FrameCodec.encode("node-a", List.of(status)));
        assertSameFrames(m.frames(), List.of(status));
        assertThat(m.frames().get(0).tenant()).isNull();
        assertThat(m.frames().get(0).seq()).isEqualTo(Event.NO_SEQ);
    }

    @Test
    void unicodeInEveryFieldSurvivesTheRoundTrip() {
        Frame f = Frame.of("ténant-日本", "ユーザー😀", "typ€.ü", -7, "{\"data\":\"𝄞 ﷽ \\u0000 ✓\"}");
        FrameCodec.Message m = FrameCodec.decode(FrameCodec.encode("nœud-1", List.of(f)));
        assertThat(m.origin()).isEqualTo("nœud-1");
        assertSameFrames(m.frames(), List.of(f));
    }

    @Test
    void anEmptyBatchAndALargeBatchBothSurvive() {
        assertThat(FrameCodec.decode(FrameCodec.encode("n", List.of())).frames()).isEmpty();
        List<Frame> many = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            many.add(frame("t" + (i % 3), null, i, "{\"seq\":" + i + ",\"pad\":\"" + "x".repeat(i % 300) + "\"}"));
        }
        assertSameFrames(FrameCodec.decode(FrameCodec.encode("n", many)).frames(), many);
    }

    @Test
    void aTypicalFrameCostsLittleMoreThanItsText() {
        String text = "{\"type\":\"order.created\",\"data\":{\"pad\":\"" + "x".repeat(150) + "\"},\"seq\":12345}";
        byte[] bytes = FrameCodec.encode("node-a", List.of(frame("acme", null, 12345, text)));
        assertThat(bytes.length).isLessThan(text.length() + 40);
    }

    @Test
    void everyTruncationIsRejectedWithAClearMessage() {
        byte[] whole = FrameCodec.encode("node-a", List.of(frame("acme", "u", 9, "{\"a\":\"é\"}"), frame("b", null, 10, "{}")));
        for (int len = 0; len < whole.length; len++) {
            byte[] cut = Arrays.copyOf(whole, len);
            assertThatThrownBy(() -> FrameCodec.decode(cut)).as("cut at %d", len)
                    .isInstanceOf(FrameCodec.MalformedException.class).hasMessageNotContaining("null");
        }
    }

    @Test
    void trailingBytesAWrongMagicAndAnUnknownVersionAreRejected() {
        byte[] whole = FrameCodec.encode("n", List.of(frame("t", null, 1, "{}")));
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertThatThrownBy(() -> FrameCodec.decode(longer)).isInstanceOf(FrameCodec.MalformedException.class)
                .hasMessageContaining("unexpected bytes");
        assertThatThrownBy(() -> FrameCodec.decode("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FrameCodec.MalformedException.class).hasMessageContaining("magic");
        byte[] v2 = whole.clone();
        v2[1] = 2;
        assertThatThrownBy(() -> FrameCodec.decode(v2)).isInstanceOf(FrameCodec.MalformedException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> FrameCodec.decode(null)).isInstanceOf(FrameCodec.MalformedException.class);
    }

    @Test
    void hugeDeclaredLengthsAndCountsAreRejectedBeforeAnythingIsAllocated() {
        // magic, version, origin "n", count = 2^31 - 1
        byte[] manyFrames = {'H', 1, 1, 'n', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThatThrownBy(() -> FrameCodec.decode(manyFrames)).isInstanceOf(FrameCodec.MalformedException.class)
                .hasMessageContaining("frame count");
        // magic, version, origin length = 2^31 - 1
        byte[] longOrigin = {'H', 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThatThrownBy(() -> FrameCodec.decode(longOrigin)).isInstanceOf(FrameCodec.MalformedException.class)
                .hasMessageContaining("origin length");
        // a varint that never ends
        byte[] endless = new byte[20];
        endless[0] = 'H';
        endless[1] = 1;
        Arrays.fill(endless, 2, 20, (byte) 0x80);
        assertThatThrownBy(() -> FrameCodec.decode(endless)).isInstanceOf(FrameCodec.MalformedException.class);
    }

    @Test
    void invalidUtf8AndUnknownFlagsAreRejected() {
        byte[] badOrigin = {'H', 1, 2, (byte) 0xC3, (byte) 0x28, 0};
        assertThatThrownBy(() -> FrameCodec.decode(badOrigin)).isInstanceOf(FrameCodec.MalformedException.class)
                .hasMessageContaining("UTF-8");
        byte[] badFlags = {'H', 1, 1, 'n', 1, (byte) 0x84, 1, 't', 0, 2, '{', '}'};
        assertThatThrownBy(() -> FrameCodec.decode(badFlags)).isInstanceOf(FrameCodec.MalformedException.class)
                .hasMessageContaining("flags");
    }

    @Test
    void randomGarbageNeverEscapesAsAnythingButMalformed() {
        Random random = new Random(42);
        byte[] valid = FrameCodec.encode("node-a", List.of(frame("acme", "u", 3, "{\"x\":1}")));
        for (int i = 0; i < 20_000; i++) {
            byte[] junk;
            if (i % 2 == 0) {
                junk = new byte[random.nextInt(64)];
                random.nextBytes(junk);
                if (junk.length > 1) {
                    junk[0] = 'H';
                    junk[1] = 1;
                }
            } else {
                junk = valid.clone();
                junk[random.nextInt(junk.length)] = (byte) random.nextInt(256);
            }
            try {
                FrameCodec.decode(junk);
            } catch (FrameCodec.MalformedException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void encodingRefusesWhatTheDecoderWouldReject() {
        assertThatThrownBy(() -> FrameCodec.encode("x".repeat(FrameCodec.MAX_NAME_BYTES + 1), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("origin");
        assertThatThrownBy(() -> Frame.of("t", null, null, 1, "{}")).isInstanceOf(IllegalArgumentException.class);
    }
}
