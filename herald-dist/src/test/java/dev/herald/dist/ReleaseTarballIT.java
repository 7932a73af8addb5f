package dev.herald.dist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release as an operator gets it: {@code herald-<version>.tar.gz} (made by {@code package}) unpacked with
 * {@code tar} in a temporary directory and started through {@code bin/herald} with nothing but {@code java} on
 * the PATH — no Maven, no source checkout, not even coreutils.
 */
class ReleaseTarballIT {
    private static final String VERSION = System.getProperty("herald.version");
    private static final Path TARBALL = Path.of(System.getProperty("herald.tarball"));
    private static final Path REPO = Path.of(System.getProperty("herald.repo"));
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path into = Files.createDirectories(tmp.resolve("opt"));
        Result untar = run(List.of("tar", "-xzf", TARBALL.toString(), "-C", into.toString()), into, null);
        assertThat(untar.exit).as("tar -xzf: %s", untar.output).isZero();
        home = into.resolve("herald-" + VERSION);
    }

    @Test
    void archiveHasOneTopDirectoryWithTheLauncherJarConfigAndUnit() throws Exception {
        Result list = run(List.of("tar", "-tzf", TARBALL.toString()), tmp, null);
        assertThat(list.exit).isZero();
        List<String> files = list.output.lines().filter(l -> !l.endsWith("/")).sorted().toList();
        String top = "herald-" + VERSION + "/";
        assertThat(files).containsExactly(top + "README.txt", top + "bin/herald", top + "conf/herald.example.yaml",
                top + "conf/jvm.options", top + "lib/herald.jar", top + "systemd/herald.service");

        assertThat(Files.getPosixFilePermissions(home.resolve("bin/herald")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE);
        for (String f : List.of("lib/herald.jar", "conf/jvm.options", "conf/herald.example.yaml",
                "systemd/herald.service", "README.txt")) {
            assertThat(Files.getPosixFilePermissions(home.resolve(f))).as(f)
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE)
                    .contains(PosixFilePermission.OTHERS_READ);
        }
        // The repository's files themselves, so the release and ./herald cannot drift apart.
        assertThat(home.resolve("conf/jvm.options")).hasSameBinaryContentAs(REPO.resolve("jvm.options"));
        assertThat(home.resolve("conf/herald.example.yaml")).hasSameBinaryContentAs(REPO.resolve("herald.example.yaml"));
        assertThat(Files.readString(home.resolve("README.txt"))).contains("Herald " + VERSION + ":")
                .doesNotContain("${");
        assertThat(Files.readString(home.resolve("systemd/herald.service")))
                .contains("ExecStart=/opt/herald/bin/herald serve", "StateDirectory=herald", "User=herald",
                        "NoNewPrivileges=yes", "ProtectSystem=strict", "ExecReload=/bin/kill -HUP $MAINPID");
    }

    @Test
    void servesWithOnlyJavaOnThePathAndExitsZeroOnSigterm() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("serve-cwd"));
        Path data = cwd.resolve("data");
        Path log = cwd.resolve("herald.log");
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/herald").toString(), "serve")
                .directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", javaOnlyPath().toString());
        env.put("HERALD_SERVER_PORT", Integer.toString(port));
        env.put("HERALD_DATA_DIR", data.toString());
        env.put("HERALD_JAVA_OPTS", "-Xmx256m -Dherald.release.test=yes");
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> up = null;
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (up == null || up.statusCode() != 200) {
                assertThat(p.isAlive()).as("bin/herald serve exited early; log:%n%s", read(log)).isTrue();
                assertThat(Instant.now()).as("/health within %s; log:%n%s", START_TIMEOUT, read(log))
                        .isBefore(deadline);
                try {
                    up = http.send(health, HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(up.body()).contains("\"status\":\"ok\"", "\"version\":\"" + VERSION + "\"");

            // The launcher exec'd the JVM (so signals reach it), with conf/jvm.options and HERALD_JAVA_OPTS.
            ProcessHandle.Info info = p.toHandle().info();
            assertThat(info.command()).hasValueSatisfying(c -> assertThat(c).endsWith("/java"));
            assertThat(info.arguments()).hasValueSatisfying(a -> assertThat(List.of(a)).containsSubsequence(
                    "@" + home.resolve("conf/jvm.options"), "-Xmx256m", "-Dherald.release.test=yes",
                    "-jar", home.resolve("lib/herald.jar").toString(), "serve"));
            assertThat(data).isDirectory();

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exit within 30 s of SIGTERM; log:%n%s", read(log))
                    .isTrue();
            assertThat(p.exitValue()).as("exit status after SIGTERM; log:%n%s", read(log)).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    /** /usr/local/bin/herald -> /opt/herald/bin/herald, /opt/herald -> /opt/herald-VERSION: the README's layout. */
    @Test
    void launcherFindsItsHomeThroughSymlinks() throws Exception {
        Path opt = home.getParent();
        Path current = Files.createSymbolicLink(opt.resolve("herald"), home.getFileName());
        Path bin = Files.createDirectories(tmp.resolve("usr-local-bin"));
        Files.createSymbolicLink(bin.resolve("herald"), bin.relativize(current.resolve("bin/herald")));
        // readlink (only needed when started through a symlink) comes from the system's /usr/bin.
        Result r = run(List.of(bin.resolve("herald").toString(), "--version"), tmp,
                Map.of("PATH", javaOnlyPath() + ":/usr/bin:/bin"));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output.strip()).isEqualTo("herald " + VERSION);
    }

    @Test
    void javaHomeWinsOverThePath() throws Exception {
        Path fake = Files.createDirectories(tmp.resolve("fake-java"));
        Files.writeString(fake.resolve("java"), "#!/bin/sh\necho 'the java on the PATH'\nexit 3\n");
        Files.setPosixFilePermissions(fake.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Result r = run(List.of(home.resolve("bin/herald").toString(), "--version"), tmp,
                Map.of("PATH", fake.toString(), "JAVA_HOME", System.getProperty("java.home")));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output.strip()).isEqualTo("herald " + VERSION);
    }

    @Test
    void withoutJavaSaysSoAndExitsOne() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-path"));
        Result none = run(List.of(home.resolve("bin/herald").toString(), "serve"), tmp, Map.of("PATH", empty.toString()));
        assertThat(none.exit).isEqualTo(1);
        assertThat(none.output).contains("herald: no java found");

        Result badHome = run(List.of(home.resolve("bin/herald").toString(), "serve"), tmp,
                Map.of("PATH", javaOnlyPath().toString(), "JAVA_HOME", empty.toString()));
        assertThat(badHome.exit).isEqualTo(1);
        assertThat(badHome.output).contains("herald: JAVA_HOME is " + empty);
    }

    /** A directory holding only a symlink named java to this JVM's java binary. */
    private static synchronized Path javaOnlyPath() throws IOException {
        Path dir = tmp.resolve("java-only");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.createSymbolicLink(dir.resolve("java"), JAVA);
        }
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command to its end (at most 60 s); env, when given, replaces the whole environment. */
    private static Result run(List<String> cmd, Path cwd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
