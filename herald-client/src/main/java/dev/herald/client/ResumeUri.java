package dev.herald.client;

import dev.herald.protocol.Fields;

import java.net.URI;
import java.util.StringJoiner;

/**
 * The address of each connection attempt: the configured one with {@code since=<lastSeq>}. On the URL rather
 * than in the first {@code subscribe}, because the server replays a URL's {@code since} before it sends any live
 * event, while a live event that overtook a subscribe's replay would hide the older ones it skips.
 */
final class ResumeUri {
    private ResumeUri() {
    }

    static URI of(URI base, Long since) {
        if (since == null) {
            return base;
        }
        StringJoiner query = new StringJoiner("&");
        if (base.getRawQuery() != null) {
            for (String p : base.getRawQuery().split("&")) {
                if (!p.isEmpty() && !p.equals(Fields.SINCE_PARAM) && !p.startsWith(Fields.SINCE_PARAM + "=")) {
                    query.add(p);
                }
            }
        }
        query.add(Fields.SINCE_PARAM + "=" + since);
        String s = base.toString();
        int q = s.indexOf('?');
        return URI.create((q < 0 ? s : s.substring(0, q)) + "?" + query);
    }
}
