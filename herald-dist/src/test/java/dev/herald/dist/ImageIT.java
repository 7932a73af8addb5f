package dev.herald.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image ({@code mvn verify -Pimage}: {@code herald-<version>-image.tar}, Jib, FROM scratch). There is
 * no container runtime here, so the test does what one would: unpacks the layers into a root file system and runs
 * the image's entrypoint, environment and user in it with {@code chroot}, in a private mount namespace with its
 * own {@code /proc}; that needs root (the part that runs is skipped otherwise).
 */
class ImageIT {
    private static final String VERSION = System.getProperty("herald.version");
    private static final String IMAGE = System.getProperty("herald.image", "");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static JsonNode config;
    static Path root;

    @BeforeAll
    static void unpack() throws Exception {
        assumeTrue(!IMAGE.isEmpty(), "the image is built by -Pimage");
        Path image = Files.createDirectories(tmp.resolve("image"));
        exec(List.of("tar", "-xf", IMAGE, "-C", image.toString()));
        JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        assertThat(manifest.get("RepoTags").get(0).asText()).isEqualTo("herald:" + VERSION);
        config = JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile()).get("config");
        root = Files.createDirectories(tmp.resolve("root"));
        for (JsonNode layer : manifest.get("Layers")) {
            exec(List.of("tar", "--warning=no-unknown-keyword", "-xzpf", image.resolve(layer.asText()).toString(),
                    "-C", root.toString()));
        }
    }

    @Test
    void imageRunsJavaDirectlyAsAnUnprivilegedUserWithItsDataInAVolume() {
        assertThat(config.get("Entrypoint").toString())
                .isEqualTo("[\"/opt/java/bin/java\",\"@/opt/herald/conf/jvm.options\",\"-jar\",\"/opt/herald/lib/herald.jar\"]");
        assertThat(config.get("Cmd").toString()).isEqualTo("[\"serve\"]");
        assertThat(config.get("User").asText()).isEqualTo("65532:65532");
        assertThat(config.get("Volumes").has("/var/lib/herald")).isTrue();
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(env()).contains("HERALD_DATA_DIR=/var/lib/herald", "HERALD_SERVER_HOST=0.0.0.0");
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
        assertThat(root.resolve("lib64/ld-linux-x86-64.so.2")).isExecutable();
        assertThat(root.resolve("opt/herald/lib/herald.jar")).isRegularFile();
        assertThat(root.resolve("opt/herald/conf/jvm.options")).isRegularFile();
    }

    @Test
    void entrypointServesHealthAndExitsZeroOnSigterm() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/chroot"))
                && Files.isExecutable(Path.of("/usr/bin/unshare")), "chroot and mounting /proc need root");
        int port = freePort();
        Path log = tmp.resolve("image.log");
        Files.createDirectories(root.resolve("proc"));
        // A private mount namespace (unshare) gets its own /proc, which the JVM and glibc read and a container runtime
        // mounts; it goes away with the process. Then, as in the image, no shell: env and chroot exec the entrypoint.
        StringBuilder run = new StringBuilder("mount -t proc proc \"$0/proc\" && exec env -i");
        env().forEach(e -> run.append(" '").append(e).append('\''));
        run.append(" HERALD_SERVER_PORT=").append(port)
                .append(" /usr/sbin/chroot --userspec=").append(config.get("User").asText()).append(" \"$0\"");
        config.get("Entrypoint").forEach(a -> run.append(" '").append(a.asText()).append('\''));
        config.get("Cmd").forEach(a -> run.append(" '").append(a.asText()).append('\''));
        Process p = new ProcessBuilder("/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                run.toString(), root.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            Instant deadline = Instant.now().plusSeconds(60);
            HttpResponse<String> up = null;
            while (up == null || up.statusCode() != 200) {
                assertThat(p.isAlive()).as("the image's entrypoint exited; log:%n%s", Files.readString(log)).isTrue();
                assertThat(Instant.now()).as("/health within 60 s; log:%n%s", Files.readString(log)).isBefore(deadline);
                try {
                    up = http.send(health, HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(up.body()).contains("\"version\":\"" + VERSION + "\"");
            // The JVM is the process itself (unshare, sh, env and chroot exec'd), so SIGTERM reaches it.
            assertThat(p.toHandle().info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("/java"));
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit after SIGTERM; log:%n%s", Files.readString(log)).isZero();
            // Written by the image's user, in the volume.
            assertThat(root.resolve("var/lib/herald/herald.db")).isRegularFile();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> env() {
        List<String> env = new ArrayList<>();
        config.get("Env").forEach(e -> env.add(e.asText()));
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", cmd).isTrue();
        assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
    }
}
