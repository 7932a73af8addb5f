package dev.herald.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.bench.peers.PeerMain;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator's HTTP/1.1 publisher against a real server (netty-sink, in this JVM) and a closed port. */
class HttpPublisherTest {
    private static final Transport TRANSPORT = Transport.of("auto");
    private static EventLoopGroup group;
    private static int sinkPort;

    @BeforeAll
    static void start() throws Exception {
        group = TRANSPORT.group(1);
        sinkPort = freePort();
        PeerMain.main(new String[] {"netty-sink", Integer.toString(sinkPort)});
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    record Answer(int status, int accepted, String error) {
    }

    @Test
    void pipelinedRequestsOnTwoConnectionsAreEachAnsweredOnceWithTheirAcceptedCount() throws Exception {
        HttpPublisher http = new HttpPublisher(URI.create("http://127.0.0.1:" + sinkPort + "/api/v1/events"), "key",
                2, 4, group, TRANSPORT);
        PublishBody body = new PublishBody(8, false, 0);
        int requests = 60;
        List<Answer> answers = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(requests);
        for (int i = 0; i < requests; i++) {
            int batch = 1 + i % 3;
            ByteBuf req = http.newRequest(body.sizeHint(batch));
            body.write(req, 1000 + i, batch);
            http.post(req, (status, accepted, error) -> {
                answers.add(new Answer(status, accepted, error));
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100); // a second reply to any request would land here
        assertThat(answers).hasSize(requests).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(202);
            assertThat(a.error()).isNull();
        });
        assertThat(answers.stream().mapToInt(Answer::accepted).sum()).isEqualTo(20 * (1 + 2 + 3));
        http.close();
    }

    @Test
    void aServerThatIsNotThereFailsEveryRequestOnce() throws Exception {
        HttpPublisher http = new HttpPublisher(URI.create("http://127.0.0.1:" + freePort() + "/publish"), "",
                1, 1, group, TRANSPORT);
        int requests = 5;
        List<Answer> answers = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(requests);
        for (int i = 0; i < requests; i++) {
            ByteBuf req = http.newRequest(16);
            req.writeBytes("{}".getBytes(StandardCharsets.US_ASCII));
            http.post(req, (status, accepted, error) -> {
                answers.add(new Answer(status, accepted, error));
                done.countDown();
            });
        }
        assertThat(done.await(15, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        assertThat(answers).hasSize(requests).allSatisfy(a -> {
            assertThat(a.status()).isZero();
            assertThat(a.error()).contains("connect");
        });
        http.close();
    }

    @Test
    void acceptedIsReadFromTheReplyBytes() {
        assertThat(HttpPublisher.accepted(ascii("{\"accepted\": 12, \"seqs\":[1,2]}"))).isEqualTo(12);
        assertThat(HttpPublisher.accepted(ascii("{\"duplicates\":0,\"accepted\":100}"))).isEqualTo(100);
        assertThat(HttpPublisher.accepted(ascii("{\"error\":\"nope\"}"))).isZero();
    }

    @Test
    void theBodyIsTheEventsJsonWithStampsAndRoundRobinUsers() throws IOException {
        PublishBody body = new PublishBody(5, true, 3);
        ByteBuf buf = Unpooled.buffer();
        body.write(buf, 123456789012L, 2);
        body.write(buf.clear(), 42, 2);
        JsonNode events = new ObjectMapper().readTree(buf.toString(StandardCharsets.US_ASCII)).get("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("user").asText()).isEqualTo("u2");
        assertThat(events.get(1).get("user").asText()).isEqualTo("u0");
        assertThat(events.get(1).get("type").asText()).isEqualTo("bench.tick");
        assertThat(events.get(1).get("data").get(Stamp.FIELD).asLong()).isEqualTo(42);
        assertThat(events.get(1).get("data").get("pad").asText()).isEqualTo("xxxxx");
        assertThat(Stamp.read(buf)).isEqualTo(42);
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
