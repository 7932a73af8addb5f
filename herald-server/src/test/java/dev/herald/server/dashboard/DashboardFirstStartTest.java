package dev.herald.server.dashboard;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald serve}'s first start prints the dashboard's URL, and the printed key signs in there. */
class DashboardFirstStartTest {

    @Test
    void theFirstStartPrintsTheDashboardUrlAndThePrintedKeySignsIn(@TempDir Path dir) throws Exception {
        try (ServerProcess herald = ServerProcess.start(dir.resolve("data"), Map.of())) {
            Eventually.until("the hints are printed", () -> read(herald.log()).contains("/dashboard/"));
            String out = read(herald.log());
            Matcher url = Pattern.compile("(http://\\S+)/dashboard/").matcher(out);
            Matcher key = Pattern.compile("Admin API key \\(tenant \"default\"\\): (hk_\\S+)").matcher(out);
            assertThat(url.find()).as(out).isTrue();
            assertThat(key.find()).as(out).isTrue();
            DashboardHttp http = new DashboardHttp(url.group(1));
            DashboardHttp.Session s = http.signIn(key.group(1));
            assertThat(http.get("/dashboard/", s).statusCode()).isEqualTo(200);
            assertThat(http.get("/dashboard/api/session", s).body()).contains("\"tenant\":\"default\"");
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
