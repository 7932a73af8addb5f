package dev.herald.bench.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook receiver's own ceiling (bench/run.sh webhooks): POSTs shaped like Herald's webhook requests (same
 * headers, a body of the envelope's size) with Vert.x's HTTP client as Herald's dispatcher uses it — keep-alive,
 * {@code CONCURRENCY} connections per port, one request in flight on each — for {@value #WARMUP_S} s of warm-up (not
 * counted: JIT, connections) and then {@code SECONDS}, and prints the answers per second. {@code java -cp herald-bench.jar dev.herald.bench.webhooks.ReceiverCeiling LABEL SECONDS
 * CONCURRENCY PORT…}
 */
public final class ReceiverCeiling {
    private static final String BODY = "{\"id\":\"evt_0123456789ABCDEFGHJKMNPQRS\",\"eventType\":\"bench.hook\","
            + "\"resourceType\":null,\"resourceId\":null,\"tenantId\":\"default\",\"timestamp\":\"2026-12-02T17:00:00.000Z\","
            + "\"data\":{\"n\":1,\"pad\":\"" + "x".repeat(64) + "\"}}";

    static final int WARMUP_S = 3;

    private ReceiverCeiling() {
    }

    public static void main(String[] args) throws Exception {
        String label = args[0];
        int seconds = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int[] ports = new int[args.length - 3];
        for (int i = 3; i < args.length; i++) {
            ports[i - 3] = Integer.parseInt(args[i]);
        }
        Vertx vertx = Vertx.vertx();
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(concurrency));
        Buffer body = Buffer.buffer(BODY);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        long start = System.nanoTime();
        long end = start + (WARMUP_S + seconds) * 1_000_000_000L;
        CountDownLatch loops = new CountDownLatch(ports.length * concurrency);
        vertx.setTimer(WARMUP_S * 1000L, id -> {
            ok.set(0);
            errors.set(0);
        });
        for (int port : ports) {
            for (int i = 0; i < concurrency; i++) {
                vertx.runOnContext(v -> send(client, port, body, seq, ok, errors, end, loops));
            }
        }
        loops.await();
        double rate = ok.get() / ((System.nanoTime() - start) / 1e9 - WARMUP_S);
        System.out.printf("webhooks, receiver ceiling (%s): %d port(s) x %d keep-alive connections (Vert.x client), %d s:"
                + " %.0f answers/s, %d errors%n", label, ports.length, concurrency, seconds, rate, errors.get());
        System.out.printf("webhooks\tceiling-%s\t%d\t%d\t%d\t0\t0\t%d\t%.0f%n", label, ports.length, ok.get(), ok.get(),
                seconds * 1000, rate);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static void send(HttpClientAgent client, int port, Buffer body, AtomicLong seq, AtomicLong ok,
                             AtomicLong errors, long end, CountDownLatch loops) {
        if (System.nanoTime() >= end) {
            loops.countDown();
            return;
        }
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI("/hook").putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "Herald-Webhooks/bench").putHeader("webhook-id", "ceil-" + seq.incrementAndGet())
                .putHeader("webhook-timestamp", "1764694800").putHeader("webhook-signature", "v1," + "A".repeat(44))
                .putHeader("X-Signature", "a".repeat(64));
        client.request(o).compose(req -> req.send(body)).compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result() == 200) {
                        ok.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                    send(client, port, body, seq, ok, errors, end, loops);
                });
    }
}
